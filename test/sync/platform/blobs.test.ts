import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../../sync/protocol/wire';
import { json, startHarness } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
let dev: TestDevice;
beforeAll(async () => {
  h = await startHarness();
  dev = await h.enrol();
});
afterAll(async () => {
  await h.close();
});

const CHUNK = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const put = (s: string, len: number) =>
  dev.send('PUT', PATHS.blob(s), { headers: { 'upload-length': String(len), 'content-type': 'image/jpeg' } });
const patch = (s: string, offset: number, chunk: Buffer, type = 'application/offset+octet-stream') =>
  dev.send('PATCH', PATHS.blob(s), { body: chunk, headers: { 'upload-offset': String(offset), 'content-type': type } });
const head = (s: string) => dev.send('HEAD', PATHS.blob(s));

describe('blobs', () => {
  it('creates, resumes from the server offset after an interruption and completes', async () => {
    const blob = randomBytes(CHUNK * 2 + 1000);
    const id = sha(blob);
    expect((await head(id)).status).toBe(404);
    const created = await put(id, blob.length);
    expect(created.status).toBe(201);
    expect(created.headers['upload-offset']).toBe('0');
    expect((await put(id, blob.length)).status).toBe(200);
    expect((await patch(id, 0, blob.subarray(0, CHUNK))).headers['upload-offset']).toBe(String(CHUNK));
    // The terminal "lost" the answer of its second chunk and comes back: HEAD tells it where to go on.
    await patch(id, CHUNK, blob.subarray(CHUNK, 2 * CHUNK));
    const h1 = await head(id);
    expect([h1.status, h1.headers['upload-length'], h1.headers['upload-offset']]).toEqual([
      200,
      String(blob.length),
      String(2 * CHUNK),
    ]);
    const stale = await patch(id, CHUNK, blob.subarray(CHUNK, 2 * CHUNK));
    expect(stale.status).toBe(409);
    expect(stale.headers['upload-offset']).toBe(String(2 * CHUNK));
    const last = await patch(id, 2 * CHUNK, blob.subarray(2 * CHUNK));
    expect(last.status).toBe(204);
    expect(last.headers['upload-offset']).toBe(String(blob.length));
    const done = await head(id);
    expect(done.headers['upload-offset']).toBe(done.headers['upload-length']);
    expect((await h.admin.blob(id)).complete).toBe(true);
    // A lost 204 on the last chunk: the retry learns the blob is complete.
    const retry = await patch(id, 2 * CHUNK, blob.subarray(2 * CHUNK));
    expect([retry.status, retry.headers['upload-offset']]).toEqual([409, String(blob.length)]);
  });

  it('keeps a partial across a platform restart', async () => {
    const blob = randomBytes(CHUNK + 10);
    const id = sha(blob);
    await put(id, blob.length);
    await patch(id, 0, blob.subarray(0, CHUNK));
    await h.restart();
    const r = await head(id);
    expect(r.headers['upload-offset']).toBe(String(CHUNK));
    expect((await patch(id, CHUNK, blob.subarray(CHUNK))).status).toBe(204);
  });

  it('answers 422 blob_corrupt when the bytes do not hash to the name, and discards the partial', async () => {
    const blob = randomBytes(CHUNK + 100);
    const id = sha(blob);
    await put(id, blob.length);
    await patch(id, 0, blob.subarray(0, CHUNK));
    const wrong = Buffer.from(blob.subarray(CHUNK));
    wrong[0] = wrong[0]! ^ 0xff;
    const r = await patch(id, CHUNK, wrong);
    expect(r.status).toBe(422);
    expect(json<{ error: { code: string } }>(r).error.code).toBe('blob_corrupt');
    expect((await head(id)).status).toBe(404);
    // Start over cleanly.
    expect((await put(id, blob.length)).status).toBe(201);
    await patch(id, 0, blob.subarray(0, CHUNK));
    expect((await patch(id, CHUNK, blob.subarray(CHUNK))).status).toBe(204);
  });

  it('refuses chunks over 64 KiB, wrong content types, unknown uploads and bad headers', async () => {
    const blob = randomBytes(CHUNK + 1);
    const id = sha(blob);
    await put(id, blob.length);
    expect((await patch(id, 0, blob)).status).toBe(413);
    expect((await patch(id, 0, blob.subarray(0, 10), 'image/jpeg')).status).toBe(415);
    expect((await patch('0'.repeat(64), 0, blob.subarray(0, 10))).status).toBe(404);
    expect((await dev.send('PUT', PATHS.blob(id), { headers: {} })).status).toBe(400);
    expect((await put('NOTHEX', 10)).status).toBe(400);
    expect((await put(id, blob.length + 1)).status).toBe(409);
  });

  it('needs a device signature', async () => {
    const { rawRequest } = await import('./helpers');
    const r = await rawRequest(h.platform.url, { method: 'HEAD', path: PATHS.blob('0'.repeat(64)) });
    expect(r.status).toBe(401);
  });
});

describe('blob store housekeeping', () => {
  it('purges only stale partial uploads, never complete blobs', async () => {
    const { openPlatformDb } = await import('../../../sync/platform/db');
    const { BlobStore } = await import('../../../sync/platform/blobs');
    const db = openPlatformDb(':memory:');
    const store = new BlobStore(db);
    const whole = randomBytes(100);
    const part = randomBytes(100);
    const t0 = new Date('2026-01-01T00:00:00Z');
    store.create(sha(whole), 100, 'image/jpeg', t0);
    store.append(sha(whole), 0, whole, t0);
    store.create(sha(part), 100, 'image/jpeg', t0);
    store.append(sha(part), 0, part.subarray(0, 50), t0);
    const day = 24 * 3600 * 1000;
    expect(store.purgeStalePartials(90 * day, new Date(t0.getTime() + 89 * day))).toBe(0);
    expect(store.purgeStalePartials(90 * day, new Date(t0.getTime() + 91 * day))).toBe(1);
    expect(store.get(sha(part))).toBeUndefined();
    expect(store.read(sha(whole))?.equals(whole)).toBe(true);
    db.close();
  });
});
