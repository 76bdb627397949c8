import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import { runAuditCli } from '../../../main/host/cli/audit';
import { canonicalJson } from '../../../sync/protocol/jcs';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost;
beforeEach(async () => {
  host = await startTempHost();
});
afterEach(async () => {
  await host.cleanup();
});

const tech = { role: 'technician', id: 'T-01' } as const;
const recordThree = () => {
  host.audit.record({ actor: tech, action: 'technician.unlock', object: 'console', result: 'ok' });
  host.audit.record({ actor: tech, action: 'config.change', object: 'ui.idleTimeoutSec', result: 'ok' });
  host.audit.record({ actor: tech, action: 'technician.lock', object: 'console', result: 'ok' });
};
const cli = () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runAuditCli(
    ['verify'],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { CUNZHAN_DATA_DIR: host.dir },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('the audit log', () => {
  it('chains each entry to the one before, starting from 64 zeros', () => {
    recordThree();
    const [a, b, c] = host.audit.entries();
    expect(a).toMatchObject({ index: 1, prev_hash: '0'.repeat(64), actor: tech, action: 'technician.unlock' });
    expect(b!.prev_hash).toBe(a!.hash);
    expect(c!.prev_hash).toBe(b!.hash);
    // Protocol 1.1 §3: SHA-256 over prev_hash then the JCS form of the entry without `hash`.
    const { hash, ...rest } = b!;
    expect(hash).toBe(
      createHash('sha256')
        .update(b!.prev_hash + canonicalJson(rest), 'utf8')
        .digest('hex'),
    );
    expect(host.audit.verify()).toEqual({ count: 3, broken: null });
    expect(cli()).toMatchObject({ code: 0, out: expect.stringContaining('共 3 条记录') as string });
  });

  it('refuses UPDATE and DELETE on stored entries', () => {
    recordThree();
    expect(() => host.db.prepare("UPDATE audit_log SET result = 'denied' WHERE entry_index = 2").run()).toThrow(
      /append-only/,
    );
    expect(() => host.db.prepare('DELETE FROM audit_log WHERE entry_index = 3').run()).toThrow(/append-only/);
    expect(host.audit.verify().broken).toBeNull();
  });

  it('names the entry someone edited behind the triggers', () => {
    recordThree();
    host.db.exec('DROP TRIGGER audit_log_no_update');
    host.db.prepare("UPDATE audit_log SET result = 'ok' , actor_id = 'T-99' WHERE entry_index = 2").run();
    expect(host.audit.verify().broken).toEqual({ index: 2, reason: 'hash_mismatch' });
    const r = cli();
    expect(r.code).toBe(1);
    expect(r.err).toContain('第 2 条');
  });

  it('names the gap when an entry is deleted behind the triggers', () => {
    recordThree();
    host.db.exec('DROP TRIGGER audit_log_no_delete');
    host.db.prepare('DELETE FROM audit_log WHERE entry_index = 2').run();
    expect(host.audit.verify().broken).toEqual({ index: 2, reason: 'index_gap' });
  });

  it('sends unsent entries as audit blocks in order, each depending on the one before', () => {
    recordThree();
    const first = host.audit.sealBlock();
    expect(first).toMatchObject({ fromIndex: 1, toIndex: 3 });
    expect(host.audit.sealBlock()).toBeNull();
    host.audit.record({
      actor: { role: 'system', id: 'system' },
      action: 'data.retention',
      object: 'transactions',
      result: 'ok',
    });
    const second = host.audit.sealBlock();
    expect(second).toMatchObject({ fromIndex: 4, toIndex: 4 });

    const rows = host.db
      .prepare("SELECT tx_id, depends_on, payload_sha256 FROM sync_outbox WHERE kind = 'audit' ORDER BY seq")
      .all() as { tx_id: string; depends_on: string | null; payload_sha256: string }[];
    expect(rows.map((r) => [r.tx_id, r.depends_on])).toEqual([
      [first!.txId, null],
      [second!.txId, first!.txId],
    ]);
    const expected = canonicalJson({ from_index: 4, entries: host.audit.entries(4) });
    expect(rows[1]!.payload_sha256).toBe(createHash('sha256').update(expected, 'utf8').digest('hex'));
  });

  it('refuses an event that carries an ID number', () => {
    expect(() =>
      host.audit.record({ actor: tech, action: 'receipt.reprint', object: '430121199001010017', result: 'ok' }),
    ).toThrow(/ID number/);
    expect(host.audit.entries()).toEqual([]);
  });

  it('records every reprint, without the villager', async () => {
    const call = async <T>(method: string, args: unknown) => (await host.dispatch(method, args)) as ApiResult<T>;
    await call('demo.placeCard', { id: 'resident-long-term' });
    const saved = await call<{ txId: string; localNumber: string }>('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone: '13800001234', residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    });
    if (!saved.ok) throw new Error('submit failed');
    expect((await call('tx.reprint', { localNumber: saved.value.localNumber })).ok).toBe(true);
    expect(host.audit.entries()).toMatchObject([
      { actor: { role: 'villager', id: 'kiosk' }, action: 'receipt.reprint', object: saved.value.txId, result: 'ok' },
    ]);
  });
});
