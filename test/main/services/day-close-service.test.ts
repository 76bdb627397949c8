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
function save(createdAt: string, agentId: string | null, state = 'saved_offline', service = 'YL-RZ'): string {
  const id = crypto.randomUUID();
  db.prepare(
    `INSERT INTO transactions (tx_id, request_id, local_number, service_code, service_name, form_id, form_version,
       id_hash, masked_id, masked_name, sealed_record, agent_id, agent_name, created_at, boot_id, clock_trusted,
       print_state, queue_state)
     VALUES (?, ?, ?, ?, '养老资格认证', 'f', 1, x'00', '4301**********0017', '李*范', x'00', ?, NULL, ?, 'b', 1, 'printed', ?)`,
  ).run(id, id, id.slice(0, 12), service, agentId, createdAt, state);
  return id;
}

/** A 好差评 of an application, given at a time (UTC; the day counts in China time). */
function rate(txId: string, level: number, reasons: string[], ratedAt: string): void {
  db.prepare(
    'INSERT INTO evaluations (rated_tx_id, evaluation_tx_id, level, reasons, rated_at) VALUES (?, ?, ?, ?, ?)',
  ).run(txId, crypto.randomUUID(), level, JSON.stringify(reasons), ratedAt);
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
    reasons: () => [
      { code: 'slow', label: '办理时间太长' },
      { code: 'attitude', label: '服务态度不好' },
      { code: 'repeat_trips', label: '需要多次跑' },
      { code: 'other', label: '其他' },
    ],
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
    expect(mine.value.evaluations).toMatchObject({ count: 0, note: expect.stringContaining('0'), topReasons: [] });
    expect(mine.value.evaluations.byLevel.map((l) => l.count)).toEqual([0, 0, 0, 0, 0]);
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

  it('好差评 per level and the top reasons: on the China day they were given, for the agent who served', async () => {
    const liuA = save('2026-12-05T01:00:00Z', 'A001');
    const liuB = save('2026-12-05T02:00:00Z', 'A001', 'accepted', 'YB-CB');
    const liuC = save('2026-12-05T03:00:00Z', 'A001');
    const liuOld = save('2026-12-03T03:00:00Z', 'A001');
    const liuLate = save('2026-12-05T04:00:00Z', 'A001');
    const zhouA = save('2026-12-05T05:00:00Z', 'A002');
    const selfA = save('2026-12-05T06:00:00Z', null);
    rate(liuA, 5, [], '2026-12-05T01:10:00Z');
    rate(liuB, 1, ['slow', 'attitude'], '2026-12-05T02:10:00Z');
    rate(liuC, 2, ['slow'], '2026-12-05T03:10:00Z');
    rate(liuOld, 2, ['repeat_trips'], '2026-12-04T16:30:00Z'); // 00:30 on the 5th in China: counts today
    rate(liuLate, 4, [], '2026-12-05T16:00:00Z'); // 00:00 on the 6th in China: tomorrow
    rate(zhouA, 2, ['other'], '2026-12-05T05:10:00Z');
    rate(selfA, 3, [], '2026-12-05T06:10:00Z');

    const mine = service.summary(liu, '2026-12-05', 'agent');
    if (!mine.ok) throw new Error('summary failed');
    const e = mine.value.evaluations;
    expect(e.count).toBe(4);
    expect(e.byLevel).toEqual([
      { level: 5, count: 1 },
      { level: 4, count: 0 },
      { level: 3, count: 0 },
      { level: 2, count: 2 },
      { level: 1, count: 1 },
    ]);
    expect(e.topReasons).toEqual([
      { code: 'slow', label: '办理时间太长', count: 2 },
      { code: 'attitude', label: '服务态度不好', count: 1 },
      { code: 'repeat_trips', label: '需要多次跑', count: 1 },
    ]);
    const station = service.summary(zhou, '2026-12-05', 'station');
    if (!station.ok) throw new Error('summary failed');
    expect(station.value.evaluations.count).toBe(6);
    expect(station.value.evaluations.byLevel.map((l) => l.count)).toEqual([1, 0, 1, 3, 1]);

    await service.close(liu, '2026-12-05', 'agent');
    const notes = printed[0]?.notes ?? [];
    expect(notes).toContain('好差评：共 4 条（非常满意 1，满意 0，一般 0，不满意 2，非常不满意 1）');
    expect(notes).toContain('不满意的主要原因：办理时间太长 2，服务态度不好 1，需要多次跑 1');
    const audit = db.prepare("SELECT object FROM audit_log WHERE action = 'day.close.evaluations'").get() as {
      object: string;
    };
    expect(audit.object).toBe('2026-12-05/A001/n=4/l5-1=1:0:0:2:1/r=slow:2,attitude:1,repeat_trips:1');
  });

  it('reads a day closed before the per-level figures existed with empty lists', () => {
    const old = {
      day: '2026-12-01',
      agentKey: 'A001',
      total: 0,
      byService: [],
      byState: {},
      perHour: new Array<number>(24).fill(0),
      evaluations: { count: 0, note: '本机还没有收到好差评，所以是 0' },
      backlog: { count: 0, oldest: null },
      closed: { closedAt: '2026-12-01T10:00:00Z', summarySha256: 'a'.repeat(64) },
    };
    db.prepare(
      'INSERT INTO day_closes (day, agent_key, closed_at, summary, summary_sha256) VALUES (?, ?, ?, ?, ?)',
    ).run('2026-12-01', 'A001', old.closed.closedAt, JSON.stringify(old), old.closed.summarySha256);
    const read = service.summary(liu, '2026-12-01', 'agent');
    expect(read).toMatchObject({ ok: true, value: { evaluations: { count: 0, byLevel: [], topReasons: [] } } });
  });

  it('the printed 日结单 keeps 好差评 and 待上报 when there are more services than the slip has lines', async () => {
    for (let i = 0; i < 12; i++) save('2026-12-05T03:00:00Z', 'A001', 'accepted', `SV-${String(i).padStart(2, '0')}`);
    await service.close(liu, '2026-12-05', 'agent');
    const notes = printed[0]!.notes;
    expect(notes).toHaveLength(10);
    expect(notes).toContain('其他 6 项业务见屏幕上的日结');
    expect(notes[6]).toBe('其他 6 项业务见屏幕上的日结');
    expect(notes.slice(-3)).toEqual([
      '按状态：平台已受理：12 件',
      '好差评：共 0 条（非常满意 0，满意 0，一般 0，不满意 0，非常不满意 0）',
      '待上报：0 件，没有未上报的业务',
    ]);
  });
});
