import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { OutboxStore } from '../../../sync/outbox/outbox-store';
import { openTestDb, testSealer, fakeClocks } from '../helpers';
import { reclaimSpace } from '../../../sync/maintenance';

const payload = { name: '李四海', id_number: '110101199003076514', fields: { crop: '玉米', mu: 3.5 } };

describe('OutboxStore', () => {
  let t: ReturnType<typeof openTestDb>;
  let db: Database.Database;
  let outbox: OutboxStore;
  let offset: { offsetMs: number | null; ageS: number | null };

  beforeEach(() => {
    t = openTestDb();
    db = t.db;
    offset = { offsetMs: null, ageS: null };
    outbox = new OutboxStore({
      db,
      sealer: testSealer(),
      clocks: fakeClocks(),
      bootId: 'boot-a',
      clockEstimate: () => offset,
    });
  });
  afterEach(() => t.close());

  const enqueue = (p: Record<string, unknown> = payload) =>
    outbox.enqueue({ kind: 'application', serviceCode: 'S001', catalogVersion: 3, payload: p });

  it('assigns increasing seq and a UUID tx_id, freezes the JCS hash and seals the payload', () => {
    const a = enqueue();
    const b = enqueue({ ...payload, fields: { mu: 1 } });
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(a.txId).toMatch(/^[0-9a-f-]{36}$/);
    const row = db.prepare('SELECT payload_sha256, state FROM sync_outbox WHERE tx_id = ?').get(a.txId) as {
      payload_sha256: string;
      state: string;
    };
    const jcs = '{"fields":{"crop":"玉米","mu":3.5},"id_number":"110101199003076514","name":"李四海"}';
    expect(row.payload_sha256).toBe(createHash('sha256').update(jcs, 'utf8').digest('hex'));
    expect(row.state).toBe('pending');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(t.path);
    expect(file.includes(Buffer.from('110101199003076514'))).toBe(false);
    expect(file.includes(Buffer.from('李四海'))).toBe(false);
  });

  it('commits or rolls back together with the host transaction it is called in', () => {
    db.exec('CREATE TABLE host_tx (tx_id TEXT PRIMARY KEY) STRICT');
    const save = db.transaction((fail: boolean) => {
      const r = enqueue();
      db.prepare('INSERT INTO host_tx VALUES (?)').run(r.txId);
      if (fail) throw new Error('host failed after enqueue');
      return r;
    });
    expect(() => save(true)).toThrow('host failed');
    expect(outbox.counts().pending).toBe(0);
    const ok = save(false);
    expect(outbox.get(ok.txId)?.state).toBe('pending');
    // seq is never reused, not even after a rollback or a purge.
    const next = enqueue();
    expect(next.seq).toBeGreaterThan(ok.seq);
  });

  it('is idempotent for the same txId and payload, and refuses an edited payload', () => {
    const txId = randomUUID();
    const a = outbox.enqueue({ txId, kind: 'application', serviceCode: 'S', catalogVersion: 1, payload });
    const b = outbox.enqueue({ txId, kind: 'application', serviceCode: 'S', catalogVersion: 1, payload });
    expect(b).toEqual(a);
    expect(() =>
      outbox.enqueue({
        txId,
        kind: 'application',
        serviceCode: 'S',
        catalogVersion: 1,
        payload: { ...payload, name: 'x' },
      }),
    ).toThrow(/different payload/);
  });

  it('moves pending → inflight → acked/rejected/deferred and never acks an unmentioned item', () => {
    const items = [enqueue(), enqueue({ a: 1 }), enqueue({ a: 2 }), enqueue({ a: 3 })];
    const batch = 'b-1';
    const wire = outbox.claim(
      items.map((i) => i.seq),
      batch,
    );
    expect(wire.map((w) => w.seq)).toEqual(items.map((i) => i.seq));
    expect(outbox.counts().inflight).toBe(4);
    const summary = outbox.applyResults(
      batch,
      [
        { seq: items[0]!.seq, tx_id: items[0]!.txId, status: 'applied', server_ref: 'R1', code: null, message: null },
        { seq: items[1]!.seq, tx_id: items[1]!.txId, status: 'duplicate', server_ref: 'R0', code: null, message: null },
        {
          seq: items[2]!.seq,
          tx_id: items[2]!.txId,
          status: 'rejected',
          server_ref: null,
          code: 'payload_mismatch',
          message: '不一致',
        },
        // A result for another tx under this seq must not touch anything.
        { seq: items[3]!.seq, tx_id: randomUUID(), status: 'applied', server_ref: 'RX', code: null, message: null },
      ],
      '2026-11-22T03:00:00.000Z',
    );
    expect(summary).toEqual({ acked: 2, rejected: 1, deferred: 0, unmentioned: 1 });
    expect(outbox.serverRefFor(items[0]!.txId)).toBe('R1');
    expect(outbox.serverRefFor(items[1]!.txId)).toBe('R0');
    expect(outbox.get(items[2]!.txId)).toMatchObject({ state: 'rejected', code: 'payload_mismatch' });
    expect(outbox.get(items[3]!.txId)?.state).toBe('pending');
    expect(outbox.listRejected().map((r) => r.txId)).toEqual([items[2]!.txId]);
    const c = outbox.counts();
    expect([c.pending, c.inflight, c.acked, c.rejected]).toEqual([1, 0, 2, 1]);
    expect(c.oldestPending?.txId).toBe(items[3]!.txId);
  });

  it('ignores results for a batch that is no longer in flight', () => {
    const a = enqueue();
    outbox.claim([a.seq], 'old');
    outbox.release('old');
    outbox.claim([a.seq], 'new');
    outbox.applyResults(
      'old',
      [{ seq: a.seq, tx_id: a.txId, status: 'applied', server_ref: 'R', code: null, message: null }],
      '2026-01-01T00:00:00Z',
    );
    expect(outbox.get(a.txId)?.state).toBe('inflight');
  });

  it('returns inflight items to pending on start with the same seq and frozen payload', () => {
    const a = enqueue();
    const first = outbox.claim([a.seq], 'b');
    expect(outbox.recoverInflight()).toBe(1);
    const again = outbox.claim([a.seq], 'c');
    expect(again[0]!.payloadJcs).toBe(first[0]!.payloadJcs);
    expect(again[0]!.payloadSha256).toBe(first[0]!.payloadSha256);
    expect(outbox.get(a.txId)?.attempts).toBe(2);
  });

  it('peeks pending by bytes and count, always at least one item', () => {
    const big = { blob: 'x'.repeat(5000) };
    enqueue(big);
    enqueue({ a: 1 });
    expect(outbox.peekPending(100, 10)).toHaveLength(1);
    expect(outbox.peekPending(10_000, 10)).toHaveLength(2);
    expect(outbox.peekPending(10_000, 1)).toHaveLength(1);
  });

  it('stamps device time, boot id and the clock estimate at enqueue', () => {
    offset = { offsetMs: -1520, ageS: 12 };
    const a = enqueue();
    const [w] = outbox.claim([a.seq], 'b');
    expect(w).toMatchObject({
      bootId: 'boot-a',
      deviceTime: '2026-11-22T03:00:00.000Z',
      clock: { offset_ms: -1520, age_s: 12 },
    });
  });

  it('purges acknowledged rows by platform time, keeps pending and rejected, and reclaims space', () => {
    const many = Array.from({ length: 300 }, (_, i) => enqueue({ i, pad: 'p'.repeat(2000) }));
    const keep = enqueue({ keep: true });
    const rej = enqueue({ rej: true });
    outbox.claim(
      many.map((m) => m.seq),
      'b',
    );
    outbox.applyResults(
      'b',
      many.map((m) => ({
        seq: m.seq,
        tx_id: m.txId,
        status: 'applied' as const,
        server_ref: `R${m.seq}`,
        code: null,
        message: null,
      })),
      '2026-01-01T00:00:00.000Z',
    );
    outbox.claim([rej.seq], 'r');
    outbox.applyResults(
      'r',
      [
        {
          seq: rej.seq,
          tx_id: rej.txId,
          status: 'rejected',
          server_ref: null,
          code: 'validation_failed',
          message: 'x',
        },
      ],
      '2026-01-01T00:00:00.000Z',
    );
    // 3 days later: payloads older than 2 days dropped, rows kept (progress lookup still works).
    const p1 = outbox.purge({ serverNowMs: Date.parse('2026-01-04T00:00:00Z'), payloadDays: 2, rowDays: 30 });
    expect(p1.payloadsDropped).toBe(300);
    expect(p1.rowsDeleted).toBe(0);
    expect(outbox.serverRefFor(many[0]!.txId)).toBe(`R${many[0]!.seq}`);
    const p2 = outbox.purge({ serverNowMs: Date.parse('2026-03-01T00:00:00Z'), payloadDays: 2, rowDays: 30 });
    expect(p2.rowsDeleted).toBe(300);
    expect(outbox.get(keep.txId)?.state).toBe('pending');
    expect(outbox.get(rej.txId)?.state).toBe('rejected');
    const pages = Number(db.pragma('page_count', { simple: true }));
    const freed = reclaimSpace(db);
    expect(freed.freedPages).toBeGreaterThan(100);
    expect(Number(db.pragma('page_count', { simple: true }))).toBeLessThan(pages);
  });

  it('keeps the maintained state counts exact across enqueue, claim, apply, release, purge, recovery and a reopen', async () => {
    // The truth is a GROUP BY over every row; counts() reads counters kept by triggers instead.
    const truth = () => {
      const rows = db.prepare('SELECT state, COUNT(*) AS n FROM sync_outbox GROUP BY state').all() as {
        state: string;
        n: number;
      }[];
      const by = Object.fromEntries(rows.map((r) => [r.state, r.n]));
      return {
        pending: by.pending ?? 0,
        inflight: by.inflight ?? 0,
        acked: by.acked ?? 0,
        rejected: by.rejected ?? 0,
        deferred: by.deferred ?? 0,
      };
    };
    const counted = (s: OutboxStore = outbox) => {
      const c = s.counts();
      return { pending: c.pending, inflight: c.inflight, acked: c.acked, rejected: c.rejected, deferred: c.deferred };
    };
    const items = Array.from({ length: 12 }, (_, i) => enqueue({ i }));
    expect(counted()).toEqual({ pending: 12, inflight: 0, acked: 0, rejected: 0, deferred: 0 });
    // An idempotent re-enqueue and a rolled-back enqueue change nothing.
    outbox.enqueue({
      txId: items[0]!.txId,
      kind: 'application',
      serviceCode: 'S001',
      catalogVersion: 3,
      payload: { i: 0 },
    });
    expect(() =>
      db.transaction(() => {
        enqueue({ rolled: true });
        throw new Error('host failed');
      })(),
    ).toThrow('host failed');
    expect(counted()).toEqual(truth());
    outbox.claim(
      items.slice(0, 8).map((i) => i.seq),
      'b1',
    );
    expect(counted()).toEqual({ ...truth(), inflight: 8 });
    outbox.applyResults(
      'b1',
      [
        ...items.slice(0, 5).map((m) => ({
          seq: m.seq,
          tx_id: m.txId,
          status: 'applied' as const,
          server_ref: `R${m.seq}`,
          code: null,
          message: null,
        })),
        {
          seq: items[5]!.seq,
          tx_id: items[5]!.txId,
          status: 'rejected' as const,
          server_ref: null,
          code: 'validation_failed',
          message: 'x',
        },
      ],
      '2026-01-01T00:00:00.000Z',
    );
    expect(counted()).toEqual(truth());
    outbox.release('b1');
    expect(counted()).toEqual(truth());
    outbox.claim([items[8]!.seq, items[9]!.seq], 'b2');
    expect(outbox.rejectInflight('b2', items[8]!.seq, 'item_too_large', 'x')).toEqual({
      txId: items[8]!.txId,
      seq: items[8]!.seq,
      code: 'item_too_large',
      message: 'x',
    });
    // Not in flight in that batch (any more): nothing changes, nothing to tell.
    expect(outbox.rejectInflight('b2', items[8]!.seq, 'item_too_large', 'x')).toBeNull();
    expect(outbox.rejectInflight('b1', items[9]!.seq, 'item_too_large', 'x')).toBeNull();
    expect(counted()).toEqual(truth());
    expect(outbox.recoverInflight()).toBe(1);
    expect(counted()).toEqual(truth());
    outbox.purge({ serverNowMs: Date.parse('2026-03-01T00:00:00Z'), payloadDays: 2, rowDays: 30 });
    expect(counted()).toEqual({ pending: 5, inflight: 0, acked: 0, rejected: 2, deferred: 0 });
    expect(counted()).toEqual(truth());
    // Reopen the file: the counters are in the store, not in memory.
    db.close();
    const Database = (await import('better-sqlite3')).default;
    const again = new Database(t.path);
    try {
      const reopened = new OutboxStore({
        db: again,
        sealer: testSealer(),
        clocks: fakeClocks(),
        bootId: 'boot-b',
        clockEstimate: () => offset,
      });
      expect(counted(reopened)).toEqual({ pending: 5, inflight: 0, acked: 0, rejected: 2, deferred: 0 });
      expect(reopened.counts().oldestPending?.seq).toBe(items[6]!.seq);
    } finally {
      again.close();
    }
  });

  it('never purges when no platform time is known and nothing was acknowledged', () => {
    enqueue();
    expect(outbox.purge({ serverNowMs: null, payloadDays: 0, rowDays: 0 })).toEqual({
      payloadsDropped: 0,
      rowsDeleted: 0,
      blobsDeleted: 0,
    });
  });

  it('keeps items with unuploaded attachments deferred until their blobs are uploaded', () => {
    const data = new Uint8Array([1, 2, 3, 4]);
    const a = outbox.enqueue({
      kind: 'application',
      serviceCode: 'S',
      catalogVersion: 1,
      payload,
      attachments: [{ data, mime: 'application/pdf' }],
    });
    expect(outbox.get(a.txId)).toMatchObject({ state: 'deferred', code: 'attachment_pending' });
    const [blob] = outbox.blobsToUpload();
    expect(blob).toMatchObject({ size: 4, mime: 'application/pdf' });
    expect(Buffer.from(outbox.readBlob(blob!.sha256)!)).toEqual(Buffer.from(data));
    expect(outbox.promoteDeferred()).toBe(0);
    outbox.markBlobUploaded(blob!.sha256);
    expect(outbox.promoteDeferred()).toBe(1);
    expect(outbox.get(a.txId)?.state).toBe('pending');
    // The server lost it after all: attachment_missing defers again and forgets the upload.
    outbox.claim([a.seq], 'b');
    outbox.applyResults(
      'b',
      [{ seq: a.seq, tx_id: a.txId, status: 'deferred', server_ref: null, code: 'attachment_missing', message: null }],
      '2026-01-01T00:00:00Z',
    );
    expect(outbox.get(a.txId)?.state).toBe('deferred');
    expect(outbox.blobsToUpload()).toHaveLength(1);
  });

  it('waits on a dependency until it is acknowledged', () => {
    const parent = enqueue();
    const child = outbox.enqueue({
      kind: 'evaluation',
      serviceCode: null,
      catalogVersion: null,
      payload: { stars: 5 },
      dependsOn: parent.txId,
    });
    outbox.claim([child.seq], 'c');
    outbox.applyResults(
      'c',
      [
        {
          seq: child.seq,
          tx_id: child.txId,
          status: 'deferred',
          server_ref: null,
          code: 'dependency_missing',
          message: null,
        },
      ],
      '2026-01-01T00:00:00Z',
    );
    expect(outbox.promoteDeferred()).toBe(0);
    outbox.claim([parent.seq], 'p');
    outbox.applyResults(
      'p',
      [{ seq: parent.seq, tx_id: parent.txId, status: 'applied', server_ref: 'R', code: null, message: null }],
      '2026-01-01T00:00:00Z',
    );
    expect(outbox.promoteDeferred()).toBe(1);
  });
});
