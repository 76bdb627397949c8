import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { RunningPlatform } from '../../../sync/platform/server';
import { PlatformClient } from '../../../sync/client/platform-client';
import { Transport } from '../../../sync/client/transport';
import { loadIdentity } from '../../../sync/enrol/identity';
import { admin, makeTerminal, startTestPlatform } from '../harness';
import type { Terminal } from '../harness';
import { syntheticApplication } from '../synthetic';

describe('attachments against the reference platform', () => {
  let platform: RunningPlatform;
  let t: Terminal | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    platform.faults.clear();
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await platform.close();
  });

  it('uploads content-addressed chunks, then the item is applied', async () => {
    t = await makeTerminal(platform, { config: { blobChunkBytes: 16 * 1024 } });
    const pdf = randomBytes(100_000);
    const sha = createHash('sha256').update(pdf).digest('hex');
    const a = t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(1),
      attachments: [{ data: pdf, mime: 'application/pdf' }],
    });
    expect(t.engine.outbox.get(a.txId)?.state).toBe('deferred');
    const r = await t.engine.syncNow();
    expect(r).toMatchObject({ ok: true, acked: 1, blobsUploaded: 1 });
    const blob = await admin<{ length: number; complete: boolean }>(platform, 'GET', `/admin/blobs/${sha}`);
    expect(blob).toMatchObject({ length: 100_000, complete: true });
  });

  it('resumes after interruptions re-sending at most one chunk each time', async () => {
    const chunk = 16 * 1024;
    t = await makeTerminal(platform, { config: { blobChunkBytes: chunk } });
    const patched: number[] = [];
    const orig = PlatformClient.prototype.blobPatch;
    vi.spyOn(PlatformClient.prototype, 'blobPatch').mockImplementation(function (
      this: PlatformClient,
      sha,
      offset,
      data,
    ) {
      patched.push(data.length);
      return orig.call(this, sha, offset, data);
    });
    const size = 300_000;
    const pdf = randomBytes(size);
    const a = t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(2),
      attachments: [{ data: pdf, mime: 'application/pdf' }],
    });
    // Connections cut before and after the platform stored a chunk, at random (seeded).
    platform.faults.set({ endpoints: ['blob'], seed: 11, drop_before_rate: 0.12, drop_after_commit_rate: 0.12 });
    let interruptions = 0;
    for (let i = 0; i < 60 && t.engine.outbox.get(a.txId)?.state !== 'acked'; i++) {
      const r = await t.engine.syncNow();
      if (!r.ok) interruptions++;
    }
    expect(t.engine.outbox.get(a.txId)?.state).toBe('acked');
    expect(interruptions).toBeGreaterThanOrEqual(2);
    const sent = patched.reduce((s, n) => s + n, 0);
    const resent = sent - size;
    const fired = platform.faults.fired;
    // Only a chunk that was in flight when the link broke can be sent twice.
    expect(resent).toBeLessThanOrEqual(chunk * (fired.drop_before + fired.drop_after_commit));
    expect(resent / Math.max(1, interruptions)).toBeLessThanOrEqual(chunk);
  });

  it('a blob the platform holds with another length is poison: its item is rejected, the queue moves on', async () => {
    t = await makeTerminal(platform);
    const pdf = randomBytes(20_000);
    const sha = createHash('sha256').update(pdf).digest('hex');
    // Someone created the upload under this address with a different length.
    const id = loadIdentity(t.db, t.sealer)!;
    const transport = new Transport(
      {
        baseUrl: platform.url,
        connectTimeoutMs: 2000,
        progressTimeoutMs: 2000,
        deadlineBaseMs: 5000,
        deadlineMinBytesPerS: 1000,
      },
      () => performance.now(),
    );
    const other = new PlatformClient(
      transport,
      { deviceId: id.deviceId, privateKey: id.privateKey, platformPublicKey: id.platformPublicKey },
      Date.now,
    );
    expect((await other.blobCreate(sha, 12_345, 'application/pdf')).ok).toBe(true);
    transport.close();
    const rejected: string[] = [];
    t.engine.on('rejected', (e) => rejected.push(e.code));
    const a = t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(9),
      attachments: [{ data: pdf, mime: 'application/pdf' }],
    });
    const b = t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(10),
    });
    const r = await t.engine.syncNow();
    expect(r.ok).toBe(true);
    expect(t.engine.outbox.get(a.txId)).toMatchObject({ state: 'rejected', code: 'blob_length_conflict' });
    expect(t.engine.outbox.get(b.txId)?.state).toBe('acked');
    expect(rejected).toEqual(['blob_length_conflict']);
  });

  it('a blob already on the platform is not uploaded again (content addressing)', async () => {
    t = await makeTerminal(platform);
    const pdf = randomBytes(40_000);
    t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(3),
      attachments: [{ data: pdf, mime: 'application/pdf' }],
    });
    await t.engine.syncNow();
    await t.close();
    t = await makeTerminal(platform);
    const patch = vi.spyOn(PlatformClient.prototype, 'blobPatch');
    const b = t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(4),
      attachments: [{ data: pdf, mime: 'application/pdf' }],
    });
    expect(await t.engine.syncNow()).toMatchObject({ ok: true, acked: 1 });
    expect(patch).not.toHaveBeenCalled();
    expect(t.engine.outbox.get(b.txId)?.state).toBe('acked');
  });
});
