import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningPlatform } from '../../../sync/platform/server';
import { PlatformClient } from '../../../sync/client/platform-client';
import { canonicalJson, sha256Hex } from '../../../sync/protocol/jcs';
import { admin, makeTerminal, startTestPlatform, waitFor } from '../harness';
import type { Terminal } from '../harness';
import { enqueueSyntheticBacklog, syntheticApplication } from '../synthetic';

interface PlatformTx {
  tx_id: string;
  server_ref: string;
  payload_sha256: string;
  device_time: string | null;
  clock_offset_ms: number | null;
  batch_id: string;
}

async function platformTx(p: RunningPlatform, txId: string): Promise<PlatformTx[]> {
  return (await admin<{ transactions: PlatformTx[] }>(p, 'GET', `/admin/transactions?tx_id=${txId}`)).transactions;
}

function decode(body: Buffer, encoding: string): Buffer {
  return encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;
}

describe('upload against the reference platform', () => {
  let platform: RunningPlatform;
  const terminals: Terminal[] = [];
  const terminal = async (opts?: Parameters<typeof makeTerminal>[1]) => {
    const t = await makeTerminal(platform, opts);
    terminals.push(t);
    return t;
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    platform.faults.clear();
    while (terminals.length) await terminals.pop()!.close();
  });
  afterAll(async () => {
    await platform.close();
  });

  it('enqueue → drain → acked with the platform server_ref', async () => {
    const { engine } = await terminal();
    const a = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(1),
    });
    const report = await engine.syncNow();
    expect(report).toMatchObject({ ok: true, acked: 1, rejected: 0 });
    const [onPlatform] = await platformTx(platform, a.txId);
    expect(onPlatform).toBeDefined();
    expect(engine.outbox.get(a.txId)).toMatchObject({ state: 'acked', serverRef: onPlatform!.server_ref });
    expect(engine.outbox.serverRefFor(a.txId)).toBe(onPlatform!.server_ref);
    const s = engine.status();
    expect(s).toMatchObject({ link: 'up', running: false }); // syncNow without start()
    expect(s.lastSuccess?.serverTime).toBeTruthy();
    expect(Math.abs(s.clock.offsetMs!)).toBeLessThan(2000);
  });

  it('drains a backlog of 1,000 in adaptive, compressed batches', async () => {
    const { engine, db } = await terminal();
    const sent: { bytes: number; encoding: string }[] = [];
    const orig = PlatformClient.prototype.sendBatch;
    vi.spyOn(PlatformClient.prototype, 'sendBatch').mockImplementation(function (this: PlatformClient, body, encoding) {
      sent.push({ bytes: body.length, encoding });
      return orig.call(this, body, encoding);
    });
    enqueueSyntheticBacklog(db, engine.outbox, 1000);
    const inflight: { items: number; bytes: number }[] = [];
    engine.on('status', (st) => {
      if (st.inflight) inflight.push(st.inflight);
    });
    const report = await engine.syncNow();
    expect(report).toMatchObject({ ok: true, acked: 1000 });
    expect(engine.outbox.counts()).toMatchObject({ pending: 0, inflight: 0, acked: 1000 });
    expect(sent.length).toBeLessThan(12);
    expect(sent.every((s) => s.encoding === 'br')).toBe(true);
    // Batches grow after successes.
    expect(sent[1]!.bytes).toBeGreaterThan(sent[0]!.bytes);
    // The UI saw the batch on the wire: its items and compressed bytes.
    expect(inflight.length).toBeGreaterThan(0);
    expect(sent.map((s) => s.bytes)).toContain(inflight[0]!.bytes);
    expect(inflight[0]!.items).toBeGreaterThan(1);
    const perTx = sent.reduce((a, s) => a + s.bytes, 0) / 1000;
    expect(perTx).toBeLessThan(400);
  });

  it('a lost response after commit: resent, answered duplicate, acked with the original server_ref', async () => {
    const { engine } = await terminal();
    const a = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(2),
    });
    platform.faults.set({ endpoints: ['batch'], drop_after_commit_next: 1 });
    const first = await engine.syncNow();
    expect(first.ok).toBe(false);
    expect(first.failure?.kind).toBe('transient');
    expect(engine.outbox.get(a.txId)?.state).toBe('inflight');
    const [applied] = await platformTx(platform, a.txId);
    expect(applied?.server_ref).toBeTruthy();
    const second = await engine.syncNow();
    expect(second).toMatchObject({ ok: true, acked: 1 });
    expect(engine.outbox.get(a.txId)).toMatchObject({ state: 'acked', serverRef: applied!.server_ref });
    expect(await platformTx(platform, a.txId)).toHaveLength(1);
  });

  it('5xx and 429: the identical batch (same batch_id, same bytes) is resent', async () => {
    const { engine } = await terminal();
    const bodies: Buffer[] = [];
    const orig = PlatformClient.prototype.sendBatch;
    vi.spyOn(PlatformClient.prototype, 'sendBatch').mockImplementation(function (this: PlatformClient, body, encoding) {
      bodies.push(Buffer.from(body));
      return orig.call(this, body, encoding);
    });
    for (let i = 0; i < 5; i++)
      engine.outbox.enqueue({
        kind: 'application',
        serviceCode: 'DB-SQ',
        catalogVersion: 1,
        payload: syntheticApplication(10 + i),
      });
    platform.faults.set({ endpoints: ['batch'], error_next: 1, error_status: 503 });
    const r1 = await engine.syncNow();
    expect(r1.failure).toMatchObject({ kind: 'transient', code: 'unavailable' });
    platform.faults.set({ endpoints: ['batch'], throttle_next: 1, retry_after_s: 3 });
    const r2 = await engine.syncNow();
    expect(r2.failure).toMatchObject({ kind: 'transient', code: 'rate_limited', retryAfterMs: 3000 });
    platform.faults.clear();
    const r3 = await engine.syncNow();
    expect(r3).toMatchObject({ ok: true, acked: 5, batches: 1 });
    expect(bodies).toHaveLength(3);
    expect(bodies[1]!.equals(bodies[0]!)).toBe(true);
    expect(bodies[2]!.equals(bodies[0]!)).toBe(true);
    const batchId = (JSON.parse(decode(bodies[0]!, 'br').toString('utf8')) as { batch_id: string }).batch_id;
    const txs = (
      await admin<{ transactions: PlatformTx[] }>(
        platform,
        'GET',
        `/admin/transactions?device_id=${engine.status().deviceId}`,
      )
    ).transactions;
    expect(new Set(txs.map((t) => t.batch_id))).toEqual(new Set([batchId]));
  });

  it('the running loop retries by itself with backoff until the platform recovers', async () => {
    const { engine } = await terminal();
    const links: string[] = [];
    engine.on('status', (s) => links.push(s.link));
    const firedBefore = platform.faults.fired.error;
    platform.faults.set({ endpoints: ['batch'], error_next: 3, error_status: 500 });
    engine.start();
    const a = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(20),
    });
    await waitFor(() => engine.outbox.get(a.txId)?.state === 'acked', 10_000, 'ack after retries');
    expect(platform.faults.fired.error - firedBefore).toBe(3);
    expect(links).toContain('down');
    await waitFor(() => links.at(-1) === 'up', 2000, 'link up');
    expect(engine.status().lastError?.code).toBe('unavailable');
  });

  it('a cheap probe ends a long backoff as soon as the platform answers again', async () => {
    // Backoff drawn at ~59 s; probes every ~150 ms.
    const { engine } = await terminal({
      config: { backoffBaseMs: 60_000, backoffCapMs: 60_000, probeMinMs: 100, probeMaxMs: 150 },
      engine: { random: () => 0.99 },
    });
    const ping = vi.spyOn(PlatformClient.prototype, 'ping');
    platform.faults.set({ endpoints: ['batch'], error_next: 1 });
    engine.start();
    const a = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(21),
    });
    const t0 = performance.now();
    await waitFor(() => engine.outbox.get(a.txId)?.state === 'acked', 5000, 'ack after probe');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(ping).toHaveBeenCalled();
    expect(engine.status().nextAttemptInMs).toBeNull();
  });

  it('payload_mismatch → rejected, shown with its reason, and the queue moves on', async () => {
    const a = await terminal();
    const txId = randomUUID();
    a.engine.outbox.enqueue({
      txId,
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(30),
    });
    expect((await a.engine.syncNow()).acked).toBe(1);
    // The same terminal identity restored from an old backup: same tx_id, edited payload.
    const b = await terminal({ enrol: false });
    const row = a.db.prepare('SELECT * FROM sync_identity').get() as Record<string, unknown>;
    const pk = a.sealer.open(row.private_key_sealed as Uint8Array, 'sync.identity.private_key');
    row.private_key_sealed = b.sealer.seal(pk, 'sync.identity.private_key');
    b.db
      .prepare(
        `INSERT INTO sync_identity (${Object.keys(row).join(',')}) VALUES (${Object.keys(row)
          .map(() => '?')
          .join(',')})`,
      )
      .run(...Object.values(row));
    const engineB = (await import('../../../sync/engine/engine')).createSyncEngine({
      db: b.db,
      sealer: b.sealer,
      config: { ...b.engine.config },
    });
    terminals.push({ ...b, engine: engineB });
    const rejected: string[] = [];
    engineB.on('rejected', (e) => rejected.push(e.code));
    const bad = engineB.outbox.enqueue({
      txId,
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(31),
    });
    const good = engineB.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(32),
    });
    const r = await engineB.syncNow();
    expect(r).toMatchObject({ ok: true, acked: 1, rejected: 1 });
    expect(engineB.outbox.get(bad.txId)).toMatchObject({ state: 'rejected', code: 'payload_mismatch' });
    expect(engineB.outbox.get(good.txId)?.state).toBe('acked');
    expect(engineB.outbox.listRejected()[0]?.message).toBeTruthy();
    expect(rejected).toEqual(['payload_mismatch']);
  });

  it('validation failures are rejected per item; a valid item in the same batch is applied', async () => {
    const { engine } = await terminal();
    const bad = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: { fields: {} },
    });
    const unknown = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'NO-SUCH',
      catalogVersion: 1,
      payload: syntheticApplication(40),
    });
    const good = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(41),
    });
    expect(await engine.syncNow()).toMatchObject({ ok: true, acked: 1, rejected: 2 });
    expect(engine.outbox.get(bad.txId)?.code).toBe('validation_failed');
    expect(engine.outbox.get(unknown.txId)?.code).toBe('service_unknown');
    expect(engine.outbox.get(good.txId)?.state).toBe('acked');
    expect(engine.outbox.counts()).toMatchObject({ rejected: 2, acked: 1, pending: 0 });
  });

  it('413: the batch is halved until the platform takes it', async () => {
    // A gateway that accepts bigger bodies than the reference platform: the client sends, gets 413, halves.
    const { engine } = await terminal({
      config: { batchLimitBytes: 4 * 1024 * 1024, batchInitialBytes: 192 * 1024, batchMaxBytes: 192 * 1024 },
    });
    const sizes: number[] = [];
    const orig = PlatformClient.prototype.sendBatch;
    vi.spyOn(PlatformClient.prototype, 'sendBatch').mockImplementation(function (this: PlatformClient, body, encoding) {
      sizes.push(body.length);
      return orig.call(this, body, encoding);
    });
    // Incompressible audit blocks of ~24 KB each, in the 1.1 audit shape with a real hash chain.
    let prev = '0'.repeat(64);
    let index = 1; // the chain's first entry is number 1 (the platform's audit check)
    for (let i = 0; i < 24; i++) {
      const from = index;
      const entries = Array.from({ length: 40 }, () => {
        const noise = (n: number) => randomBytes(n).toString('base64');
        const entry = {
          index: index++,
          at: '2026-11-22T10:00:00.000+08:00',
          actor: { role: 'system', id: noise(72) },
          action: noise(96),
          object: noise(192),
          result: noise(96),
          prev_hash: prev,
        };
        prev = sha256Hex(prev + canonicalJson(entry));
        return { ...entry, hash: prev };
      });
      engine.outbox.enqueue({
        kind: 'audit',
        serviceCode: null,
        catalogVersion: null,
        payload: { from_index: from, entries },
      });
    }
    const r = await engine.syncNow();
    expect(r).toMatchObject({ ok: true, acked: 24 });
    const stats = await admin<{ responses: Record<string, number> }>(platform, 'GET', '/admin/stats');
    expect(stats.responses['413']).toBeGreaterThanOrEqual(1);
    expect(sizes[0]).toBeGreaterThan(256 * 1024);
    expect(sizes[1]).toBeLessThanOrEqual(Math.ceil(sizes[0]! / 2) + 30_000);
    expect(sizes.filter((s) => s > 256 * 1024).length).toBeLessThan(sizes.length);
  });

  it('a single item too large for the platform is rejected locally-visible and the queue moves on', async () => {
    const { engine } = await terminal({ config: { batchLimitBytes: 4 * 1024 * 1024 } });
    const huge = engine.outbox.enqueue({
      kind: 'audit',
      serviceCode: null,
      catalogVersion: null,
      payload: { data: randomBytes(300_000).toString('base64') },
    });
    const next = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(50),
    });
    const r = await engine.syncNow();
    expect(r.ok).toBe(true);
    expect(engine.outbox.get(huge.txId)).toMatchObject({ state: 'rejected', code: 'item_too_large' });
    expect(engine.outbox.get(next.txId)?.state).toBe('acked');
  });

  it('a forged or unsigned response is a transport failure: nothing is acked from it', async () => {
    let mode: 'pass' | 'strip' | 'forge' = 'pass';
    const target = new URL(platform.url);
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const up = http.request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
          (upRes) => {
            const out: Buffer[] = [];
            upRes.on('data', (c: Buffer) => out.push(c));
            upRes.on('end', () => {
              const headers = { ...upRes.headers };
              let body = Buffer.concat(out);
              const isBatch = req.url?.includes('transactions:batch');
              if (isBatch && mode === 'strip') {
                delete headers.signature;
                delete headers['signature-input'];
              }
              if (isBatch && mode === 'forge') {
                const sent = JSON.parse(
                  decode(Buffer.concat(chunks), String(req.headers['content-encoding'] ?? 'identity')).toString('utf8'),
                ) as { items: { seq: number; tx_id: string }[] };
                body = Buffer.from(
                  JSON.stringify({
                    results: sent.items.map((i) => ({
                      seq: i.seq,
                      tx_id: i.tx_id,
                      status: 'applied',
                      server_ref: 'FAKE',
                      code: null,
                      message: null,
                    })),
                    applied_through_seq: 0,
                    server_time: new Date().toISOString(),
                  }),
                );
                delete headers['content-encoding'];
                headers['content-length'] = String(body.length);
              }
              res.writeHead(upRes.statusCode ?? 502, headers);
              res.end(body);
            });
          },
        );
        up.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const { engine } = await terminal({ platformUrl: proxyUrl });
      const a = engine.outbox.enqueue({
        kind: 'application',
        serviceCode: 'DB-SQ',
        catalogVersion: 1,
        payload: syntheticApplication(60),
      });
      mode = 'forge';
      const forged = await engine.syncNow();
      expect(forged.failure).toMatchObject({ kind: 'transient', code: 'response_unverifiable' });
      expect(engine.outbox.get(a.txId)?.serverRef).toBeNull();
      mode = 'strip';
      const unsigned = await engine.syncNow();
      expect(unsigned.failure).toMatchObject({ kind: 'transient', code: 'response_unverifiable' });
      expect(engine.outbox.get(a.txId)?.state).toBe('inflight');
      mode = 'pass';
      expect(await engine.syncNow()).toMatchObject({ ok: true, acked: 1 });
      const [onPlatform] = await platformTx(platform, a.txId);
      expect(engine.outbox.get(a.txId)?.serverRef).toBe(onPlatform!.server_ref);
      expect(onPlatform!.server_ref).not.toBe('FAKE');
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('an item that makes the platform fail (500) is isolated and sent last; the rest of the queue is delivered', async () => {
    let poison = '';
    const target = new URL(platform.url);
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const isBatch = req.url?.includes('transactions:batch');
        if (
          isBatch &&
          poison &&
          decode(body, String(req.headers['content-encoding'] ?? 'identity'))
            .toString('utf8')
            .includes(poison)
        ) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"internal_error","message":"boom","permanent":false}}');
          return;
        }
        const up = http.request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
          (upRes) => {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
          },
        );
        up.end(body);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const { engine } = await terminal({
        platformUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        config: { batchServerErrorsBeforeSplit: 2, heldAfterAttempts: 3 },
      });
      const ids = Array.from({ length: 16 }, (_, i) =>
        engine.outbox.enqueue({
          kind: 'application',
          serviceCode: 'DB-SQ',
          catalogVersion: 1,
          payload: syntheticApplication(100 + i),
        }),
      );
      poison = ids[5]!.txId;
      for (let i = 0; i < 40 && engine.outbox.counts().acked < 15; i++) await engine.syncNow();
      expect(engine.outbox.counts()).toMatchObject({ acked: 15, rejected: 0 });
      // Never rejected without the platform's verdict: still waiting, held behind everything else.
      expect(engine.outbox.get(poison)?.state).not.toBe('rejected');
      expect(engine.outbox.get(poison)?.state).not.toBe('acked');
      poison = '';
      await engine.syncNow();
      expect(engine.outbox.get(ids[5]!.txId)?.state).toBe('acked');
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('a stalled platform is cut off by the progress watchdog and the batch is resent', async () => {
    const { engine } = await terminal({ config: { progressTimeoutMs: 300 } });
    const a = engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(70),
    });
    platform.faults.set({ endpoints: ['batch'], stall_next: 1 });
    const t0 = performance.now();
    const r1 = await engine.syncNow();
    expect(r1.failure).toMatchObject({ kind: 'transient', code: 'stalled' });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(await engine.syncNow()).toMatchObject({ ok: true, acked: 1 });
    expect(engine.outbox.get(a.txId)?.state).toBe('acked');
  });

  it('nothing in flight survives a restart: inflight items return to pending and are sent again', async () => {
    const t = await terminal();
    const a = t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(80),
    });
    platform.faults.set({ endpoints: ['batch'], drop_after_commit_next: 1 });
    await t.engine.syncNow();
    expect(t.engine.outbox.get(a.txId)?.state).toBe('inflight');
    // "Power cut": a new engine on the same store.
    const { createSyncEngine } = await import('../../../sync/engine/engine');
    const again = createSyncEngine({ db: t.db, sealer: t.sealer, config: t.engine.config });
    again.start();
    try {
      await waitFor(() => again.outbox.get(a.txId)?.state === 'acked', 5000, 'ack after restart');
      const [onPlatform] = await platformTx(platform, a.txId);
      expect(again.outbox.serverRefFor(a.txId)).toBe(onPlatform!.server_ref);
    } finally {
      await again.stop();
    }
  });

  it('the sealed private key and payloads never appear in clear in the store file', async () => {
    const t = await terminal();
    t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(90),
    });
    await t.engine.syncNow();
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(t.path);
    expect(
      file.includes(
        Buffer.from(String((syntheticApplication(90).fields as Record<string, string>).applicant_id_number)),
      ),
    ).toBe(false);
    expect(file.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
  });
});
