import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiptData } from '../../../drivers/printer/receipt-data';
import { AuditLog } from '../../../main/services/audit-log';
import { DayCloseService } from '../../../main/services/day-close-service';
import { openDatabase, type Db } from '../../../main/store/database';

let dir: string;
let db: Db;
let printed: ReceiptData[];
let service: DayCloseService;
const liu = { id: 'A001', maskedName: '刘*办' };
const zhou = { id: 'A002', maskedName: '周*办' };

/** A saved application at a station time (UTC+8) by an agent, or self-service (null). */
function save(createdAt: string, agentId: string | null, state = 'saved_offline', service = 'YL-RZ'): void {
  const id = crypto.randomUUID();
  db.prepare(
    `INSERT INTO transactions (tx_id, request_id, local_number, service_code, service_name, form_id, form_version,
       id_hash, masked_id, masked_name, sealed_record, agent_id, agent_name, created_at, boot_id, clock_trusted,
       print_state, queue_state)
     VALUES (?, ?, ?, ?, '养老资格认证', 'f', 1, x'00', '4301**********0017', '李*范', x'00', ?, NULL, ?, 'b', 1, 'printed', ?)`,
  ).run(id, id, id.slice(0, 12), service, agentId, createdAt, state);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cz-dayclose-'));
  db = openDatabase(join(dir, 'store.db'));
  printed = [];
  const audit = new AuditLog({ db, outbox: { enqueue: () => ({ seq: 0, txId: '' }) } });
  service = new DayCloseService({
    db,
    audit,
    station: { name: '样板村便民服务站', regionCode: '430121100202', hotline: '12345' },
    printSummary: (r) => {
      printed.push(r);
      return Promise.resolve({ printed: true });
    },
    now: () => new Date('2026-12-05T10:00:00Z'),
  });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('day close (日结)', () => {
  it('counts the station day in China time, per agent and for the whole station', () => {
    save('2026-12-04T16:30:00Z', 'A001', 'accepted'); // 00:30 on the 5th in China
    save('2026-12-05T09:00:00Z', 'A001', 'rejected', 'YB-CB');
    save('2026-12-05T09:10:00Z', 'A002');
    save('2026-12-05T09:20:00Z', null);
    save('2026-12-04T15:59:00Z', 'A001'); // 23:59 on the 4th: another day, still unsent
    const mine = service.summary(liu, '2026-12-05', 'agent');
    expect(mine).toMatchObject({ ok: true, value: { total: 2, byState: { accepted: 1, rejected: 1 } } });
    if (!mine.ok) return;
    expect(mine.value.perHour[0]).toBe(1);
    expect(mine.value.perHour[17]).toBe(1);
    expect(mine.value.backlog).toMatchObject({ count: 1, oldest: { createdAt: '2026-12-04T15:59:00Z' } });
    expect(mine.value.evaluations).toEqual({ count: 0, note: expect.stringContaining('0') });
    const station = service.summary(liu, '2026-12-05', 'station');
    expect(station).toMatchObject({ ok: true, value: { total: 4, agentKey: '*' } });
  });

  it('an agent’s close refuses that agent’s new applications on the day, not another agent’s', async () => {
    save('2026-12-05T09:00:00Z', 'A001');
    const closed = await service.close(liu, '2026-12-05', 'agent');
    expect(closed).toMatchObject({ ok: true, value: { print: { printed: true }, summary: { total: 1 } } });
    expect(() => save('2026-12-05T11:00:00Z', 'A001')).toThrow(/day_closed/);
    expect(() => save('2026-12-05T11:00:00Z', 'A002')).not.toThrow();
    expect(() => save('2026-12-05T11:00:00Z', null)).not.toThrow();
    expect(() => save('2026-12-06T01:00:00Z', 'A001')).not.toThrow(); // 09:00 on the 6th
    expect(printed[0]).toMatchObject({ title: '日结汇总', maskedName: '', maskedIdNumber: '', agentName: '刘*办' });
  });

  it('a station close refuses everyone; the stored summary can be neither changed nor deleted', async () => {
    save('2026-12-05T09:00:00Z', 'A002');
    const first = await service.close(zhou, '2026-12-05', 'station');
    expect(() => save('2026-12-05T11:00:00Z', null)).toThrow(/day_closed/);
    expect(() => db.prepare("UPDATE day_closes SET summary = '{}'").run()).toThrow(/day_closed/);
    expect(() => db.prepare('DELETE FROM day_closes').run()).toThrow(/day_closed/);
    // Closing again answers the stored summary (and prints it again).
    const again = await service.close(zhou, '2026-12-05', 'station');
    expect(again.ok && first.ok && again.value.summary).toEqual(first.ok && first.value.summary);
    const entries = db.prepare("SELECT result FROM audit_log WHERE action = 'day.close' ORDER BY entry_index").all();
    expect(entries).toEqual([{ result: 'ok' }, { result: 'already_closed' }]);
    expect(printed).toHaveLength(2);
  });
});
