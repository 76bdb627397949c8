import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, type AuditEntry } from '../../../rules/audit-entry';
import { auditEntryHash } from '../../../main/services/audit-hash';
import { payloadSha256 } from '../../../sync/protocol/jcs';
import { appItem, startHarness } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
let dev: TestDevice;
beforeEach(async () => {
  h = await startHarness();
  dev = await h.enrol();
});
afterEach(async () => {
  await h.close();
});

/** A chain made with the terminal's hash function: the platform's own must agree with it. */
function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = {
      index: i,
      at: `2026-12-04T10:00:0${i}.000Z`,
      actor: { role: 'technician' as const, id: 'T-01' },
      action: 'technician.unlock',
      object: 'console',
      result: 'ok',
      prev_hash: prev,
    };
    prev = auditEntryHash(e);
    out.push({ ...e, hash: prev });
  }
  return out;
}

function block(seq: number, entries: AuditEntry[], dependsOn: string | null, txId = randomUUID()) {
  const payload = { from_index: entries[0]!.index, entries };
  return appItem(seq, {
    tx_id: txId,
    kind: 'audit',
    service_code: null,
    catalog_version: null,
    payload,
    payload_sha256: payloadSha256(payload),
    depends_on: dependsOn,
  });
}

const flagsOf = async () => (await h.admin.listDevices()).find((d) => d.device_id === dev.deviceId)!.flags;

describe('audit blocks on the platform', () => {
  it('applies blocks that continue the chain, across batches', async () => {
    const c = chain(5);
    const b1 = block(1, c.slice(0, 2), null);
    const b2 = block(2, c.slice(2), b1.tx_id);
    const r1 = await dev.batch([b1]);
    const r2 = await dev.batch([b2]);
    expect([...r1.result.results, ...r2.result.results].map((x) => [x.status, x.server_ref?.slice(0, 2)])).toEqual([
      ['applied', 'SJ'],
      ['applied', 'SJ'],
    ]);
    expect(await flagsOf()).toEqual([]);
  });

  it('rejects a forged block with audit_chain_broken and flags the station', async () => {
    const c = chain(3);
    const b1 = block(1, c.slice(0, 1), null);
    // Entry 2 edited after hashing: its claimed hash no longer matches its content.
    const forged = block(2, [{ ...c[1]!, result: 'denied' }, c[2]!], b1.tx_id);
    const r = await dev.batch([b1, forged]);
    expect(r.result.results.map((x) => [x.status, x.code])).toEqual([
      ['applied', null],
      ['rejected', 'audit_chain_broken'],
    ]);
    expect(r.result.results[1]!.message).toContain('第 2 条');
    expect(await flagsOf()).toMatchObject([
      { code: 'audit_chain_broken', detail: expect.stringContaining(forged.tx_id) as string },
    ]);
  });

  it('rejects a block that does not start from the last hash the platform holds', async () => {
    const c = chain(4);
    const b1 = block(1, c.slice(0, 2), null);
    await dev.batch([b1]);
    // A whole new chain (say, after a database was swapped) restarting at index 3 with a fresh prev_hash.
    const other = chain(4).map((e) => ({ ...e, actor: { role: 'agent' as const, id: 'A-7' } }));
    const skipped = block(2, [{ ...other[2]!, prev_hash: 'f'.repeat(64) }], b1.tx_id);
    const r = await dev.batch([skipped]);
    expect(r.result.results[0]).toMatchObject({ status: 'rejected', code: 'audit_chain_broken' });
    expect(await flagsOf()).toHaveLength(1);
  });

  it('defers a block whose predecessor has not arrived, without flagging, and applies it after', async () => {
    const c = chain(2);
    const b1 = block(1, c.slice(0, 1), null);
    const b2 = block(2, c.slice(1), b1.tx_id);
    const early = await dev.batch([b2]);
    expect(early.result.results[0]).toMatchObject({ status: 'deferred', code: 'dependency_missing' });
    const later = await dev.batch([b1, b2]);
    expect(later.result.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    expect(await flagsOf()).toEqual([]);
  });

  it('shows its view of the chain on the admin API: the accepted head, unmoved by a refused block', async () => {
    expect(await h.admin.auditChain(dev.deviceId)).toEqual({ head: null, flags: [] });
    const c = chain(3);
    const b1 = block(1, c.slice(0, 2), null);
    await dev.batch([b1]);
    expect(await h.admin.auditChain(dev.deviceId)).toMatchObject({
      head: { last_index: 2, last_hash: c[1]!.hash },
      flags: [],
    });
    await dev.batch([block(2, [{ ...c[2]!, object: 'edited' }], b1.tx_id)]);
    expect(await h.admin.auditChain(dev.deviceId)).toMatchObject({
      head: { last_index: 2, last_hash: c[1]!.hash },
      flags: [{ code: 'audit_chain_broken' }],
    });
  });
});
