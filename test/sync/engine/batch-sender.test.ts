import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody } from '../../../sync/client/compress';
import type { BodyEncoding } from '../../../sync/client/compress';
import type { SyncFailure } from '../../../sync/client/errors';
import type { ExchangeFailure, Outcome, PlatformClient } from '../../../sync/client/platform-client';
import type { BatchResponse } from '../../../sync/client/wire';
import { BatchSender } from '../../../sync/engine/batch-sender';
import { resolveConfig } from '../../../sync/engine/config';
import type { SyncConfigInput } from '../../../sync/engine/config';
import { OutboxStore } from '../../../sync/outbox/outbox-store';
import { fakeClocks, openTestDb, testSealer } from '../helpers';
import { enqueueSyntheticBacklog } from '../synthetic';

// The sender against a real outbox (SQLite file) and a scripted platform answer per request: what
// the split policy decides must reach the outbox and the next batch.

interface Sent {
  batchId: string;
  seqs: number[];
  bytes: Buffer;
}
type Answer = 'ack' | ExchangeFailure;

let t: ReturnType<typeof openTestDb>;
afterEach(() => t?.close());

function setUp(n: number, config: Partial<SyncConfigInput>, script: Answer[]) {
  t = openTestDb();
  const outbox = new OutboxStore({
    db: t.db,
    sealer: testSealer(),
    clocks: fakeClocks(),
    bootId: 'boot-a',
    clockEstimate: () => ({ offsetMs: null, ageS: null }),
  });
  enqueueSyntheticBacklog(t.db, outbox, n);
  const sent: Sent[] = [];
  const resets = { count: 0 };
  const client = {
    async sendBatch(body: Buffer, encoding: BodyEncoding): Promise<Outcome<BatchResponse>> {
      const parsed = JSON.parse(decodeBody(body, encoding === 'identity' ? undefined : encoding).toString('utf8')) as {
        batch_id: string;
        items: { seq: number; tx_id: string }[];
      };
      sent.push({ batchId: parsed.batch_id, seqs: parsed.items.map((i) => i.seq), bytes: Buffer.from(body) });
      const answer = script.shift() ?? 'ack';
      if (answer !== 'ack') return { ok: false, error: answer };
      const results = parsed.items.map((i) => ({
        seq: i.seq,
        tx_id: i.tx_id,
        status: 'applied' as const,
        server_ref: `R${i.seq}`,
        code: null,
        message: null,
      }));
      const headers: IncomingHttpHeaders = {};
      return {
        ok: true,
        value: { body: { results, server_time: '2026-11-22T03:00:00.000Z' }, status: 200, rttMs: 5, headers },
      };
    },
  } as unknown as PlatformClient;
  const sender = new BatchSender({
    outbox,
    config: resolveConfig({ platformUrl: 'http://127.0.0.1:9', ...config }),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    onServerTime: () => undefined,
    onAcknowledged: () => undefined,
    onRejected: () => undefined,
    resetSocket: () => resets.count++,
    onChange: () => undefined,
  });
  const counters = { acked: 0, rejected: 0, deferred: 0, batches: 0 };
  return { outbox, sent, resets, sender, client, counters };
}

const failure = (f: SyncFailure, status?: number): ExchangeFailure =>
  status === undefined ? f : { ...f, status, headers: {} };

describe('BatchSender', () => {
  const stalled = failure({ kind: 'transient', code: 'stalled', message: 'no progress' });
  const network = failure({ kind: 'transient', code: 'network', message: 'ECONNRESET' });

  it('timeouts: resends the identical batch, then after batchTimeoutsBeforeSplit releases it and caps the next at half', async () => {
    // A minimum byte target big enough that the lost link does not rebuild this batch at once.
    const s = setUp(40, { batchTimeoutsBeforeSplit: 3, batchMinBytes: 64 * 1024, batchInitialBytes: 64 * 1024 }, [
      stalled,
      stalled,
      stalled,
    ]);
    for (let i = 0; i < 3; i++) expect(await s.sender.sendAll(s.client, s.counters)).toMatchObject({ code: 'stalled' });
    expect(s.sent.map((b) => b.seqs.length)).toEqual([40, 40, 40]);
    expect(new Set(s.sent.map((b) => b.batchId)).size).toBe(1);
    expect(s.sent[1]!.bytes.equals(s.sent[0]!.bytes) && s.sent[2]!.bytes.equals(s.sent[0]!.bytes)).toBe(true);
    expect(s.resets.count).toBeGreaterThan(0);
    expect(s.outbox.counts()).toMatchObject({ pending: 40, inflight: 0 });
    expect(await s.sender.sendAll(s.client, s.counters)).toBeNull();
    expect(s.sent.slice(3).map((b) => b.seqs.length)).toEqual([20, 20]);
    expect(s.counters).toMatchObject({ acked: 40, batches: 2 });
  });

  it('a lost link rebuilds a big batch small (a new batch id) and resends a small one unchanged', async () => {
    const big = setUp(40, { batchMinBytes: 2048, batchInitialBytes: 64 * 1024 }, [network]);
    expect(await big.sender.sendAll(big.client, big.counters)).toMatchObject({ code: 'network' });
    expect(big.outbox.counts()).toMatchObject({ pending: 40, inflight: 0 });
    expect(await big.sender.sendAll(big.client, big.counters)).toBeNull();
    expect(big.sent[0]!.seqs).toHaveLength(40);
    expect(big.sent[1]!.batchId).not.toBe(big.sent[0]!.batchId);
    expect(big.sent[1]!.seqs.length).toBeLessThan(40);
    expect(big.counters.acked).toBe(40);
    t.close();

    const small = setUp(2, { batchMinBytes: 2048, batchInitialBytes: 64 * 1024 }, [network]);
    expect(await small.sender.sendAll(small.client, small.counters)).toMatchObject({ code: 'network' });
    expect(small.outbox.counts()).toMatchObject({ inflight: 2 });
    expect(small.sender.inflight).toMatchObject({ items: 2 });
    expect(await small.sender.sendAll(small.client, small.counters)).toBeNull();
    expect(small.sent[1]!.batchId).toBe(small.sent[0]!.batchId);
    expect(small.sent[1]!.bytes.equals(small.sent[0]!.bytes)).toBe(true);
  });

  it('a body over the platform limit is split before it is sent', async () => {
    const s = setUp(40, { batchLimitBytes: 4096, batchMinBytes: 2048, batchInitialBytes: 64 * 1024 }, []);
    expect(await s.sender.sendAll(s.client, s.counters)).toBeNull();
    expect(s.counters.acked).toBe(40);
    expect(Math.max(...s.sent.map((b) => b.bytes.length))).toBeLessThanOrEqual(4096);
    expect(s.sent.every((b) => b.seqs.length < 40)).toBe(true);
  });

  it('413 halves the batch; a single item refused as too large is rejected and reported, the rest delivered', async () => {
    const tooLarge = failure({ kind: 'too_large', code: 'body_too_large', message: 'too big' }, 413);
    const s = setUp(4, { batchMinBytes: 2048, batchInitialBytes: 64 * 1024 }, [tooLarge, tooLarge, tooLarge]);
    const rejected: string[] = [];
    const sender = new BatchSender({
      outbox: s.outbox,
      config: resolveConfig({ platformUrl: 'http://127.0.0.1:9', batchMinBytes: 2048 }),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      onServerTime: () => undefined,
      onAcknowledged: () => undefined,
      onRejected: (e) => rejected.push(e.code),
      resetSocket: () => undefined,
      onChange: () => undefined,
    });
    expect(await sender.sendAll(s.client, s.counters)).toBeNull();
    // 4 → 413 → 2 → 413 → 1 → 413: rejected; then the other three go through.
    expect(s.sent.map((b) => b.seqs.length).slice(0, 3)).toEqual([4, 2, 1]);
    expect(rejected).toEqual(['item_too_large']);
    expect(s.counters).toMatchObject({ rejected: 1, acked: 3 });
    expect(s.outbox.counts()).toMatchObject({ rejected: 1, acked: 3, pending: 0, inflight: 0 });
  });
});
