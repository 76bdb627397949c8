// PATCH bodies cut off mid-chunk (protocol §4, tus-style): the bytes that arrived are kept, in
// order, and the next HEAD reports the advanced offset, so an interruption re-sends only what
// never arrived. Real HTTP on 127.0.0.1, real SQLite files, the CLI platform as a child process.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformAdminClient } from '../../../sync/platform/admin-client';
import { signOutgoingRequest } from '../../../sync/protocol/signed-request';
import { PATHS } from '../../../sync/protocol/wire';
import { startHarness, TestDevice } from './helpers';
import type { Harness } from './helpers';

const CHUNK = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a signed PATCH announcing the whole chunk but writes only its first `sendBytes` bytes. */
function cutPatch(dev: TestDevice, id: string, offset: number, chunk: Buffer, sendBytes: number): ClientRequest {
  const url = new URL(PATHS.blob(id), dev.baseUrl);
  const headers = signOutgoingRequest({
    method: 'PATCH',
    url,
    body: chunk,
    headers: { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    privateKey: dev.privateKey,
    keyid: dev.deviceId,
  });
  const req = httpRequest(url, { method: 'PATCH', headers: { ...headers, 'content-length': String(chunk.length) } });
  req.on('error', () => {});
  req.write(chunk.subarray(0, sendBytes));
  return req;
}

function ops(dev: TestDevice) {
  return {
    put: (id: string, len: number) =>
      dev.send('PUT', PATHS.blob(id), { headers: { 'upload-length': String(len), 'content-type': 'application/pdf' } }),
    patch: (id: string, offset: number, chunk: Buffer) =>
      dev.send('PATCH', PATHS.blob(id), {
        body: chunk,
        headers: { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      }),
    head: (id: string) => dev.send('HEAD', PATHS.blob(id)),
  };
}

describe('cut-off PATCH bodies', () => {
  let h: Harness;
  let dev: TestDevice;
  beforeAll(async () => {
    h = await startHarness();
    dev = await h.enrol();
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps the bytes that arrived; the next HEAD shows them; resuming completes with a good hash', async () => {
    const { put, patch, head } = ops(dev);
    const blob = randomBytes(100 * 1024);
    const id = sha(blob);
    expect((await put(id, blob.length)).status).toBe(201);
    const cut = cutPatch(dev, id, 0, blob.subarray(0, CHUNK), 20_000);
    await sleep(200);
    cut.destroy(); // connection reset mid-body
    await sleep(100);
    const h1 = await head(id);
    expect(h1.headers['upload-offset']).toBe('20000');
    // A retry from the stale offset is refused with the current one.
    const stale = await patch(id, 0, blob.subarray(0, CHUNK));
    expect([stale.status, stale.headers['upload-offset']]).toEqual([409, '20000']);
    expect((await patch(id, 20_000, blob.subarray(20_000, 20_000 + CHUNK))).headers['upload-offset']).toBe(
      String(20_000 + CHUNK),
    );
    const last = await patch(id, 20_000 + CHUNK, blob.subarray(20_000 + CHUNK));
    expect([last.status, last.headers['upload-offset']]).toEqual([204, String(blob.length)]);
    expect((await h.admin.blob(id)).complete).toBe(true);
  });

  it('a HEAD while the old PATCH hangs (dark link) cuts it short and reports what arrived', async () => {
    const { put, patch, head } = ops(dev);
    const blob = randomBytes(CHUNK + 5000);
    const id = sha(blob);
    await put(id, blob.length);
    const hanging = cutPatch(dev, id, 0, blob.subarray(0, CHUNK), 30_000);
    await sleep(200);
    expect((await head(id)).headers['upload-offset']).toBe('30000');
    hanging.destroy();
    const rest = await patch(id, 30_000, blob.subarray(30_000, 30_000 + CHUNK));
    expect([rest.status, rest.headers['upload-offset']]).toEqual([204, String(blob.length)]);
    expect((await h.admin.blob(id)).complete).toBe(true);
  });

  it('lets an old PATCH that is still delivering go on until it is quiet before cutting it', async () => {
    const { put, head } = ops(dev);
    const blob = randomBytes(CHUNK);
    const id = sha(blob);
    await put(id, blob.length);
    const orphan = cutPatch(dev, id, 0, blob, 10_000);
    await sleep(100);
    const asked = head(id);
    await sleep(500);
    orphan.write(blob.subarray(10_000, 20_000)); // still arriving while the HEAD waits
    expect((await asked).headers['upload-offset']).toBe('20000');
    orphan.destroy();
  });

  it('a cut-off chunk of wrong bytes cannot complete a blob: the final hash check discards it', async () => {
    const { put, patch, head } = ops(dev);
    const blob = randomBytes(CHUNK + 100);
    const id = sha(blob);
    await put(id, blob.length);
    const lie = Buffer.from(blob.subarray(0, CHUNK));
    lie.fill(0, 0, 1000);
    const cut = cutPatch(dev, id, 0, lie, 40_000);
    await sleep(200);
    cut.destroy();
    await sleep(100);
    expect((await head(id)).headers['upload-offset']).toBe('40000');
    const last = await patch(id, 40_000, blob.subarray(40_000));
    expect(last.status).toBe(422);
    expect(JSON.parse(last.body.toString()).error.code).toBe('blob_corrupt');
    expect((await head(id)).status).toBe(404);
    // The honest upload then starts clean and completes.
    await put(id, blob.length);
    await patch(id, 0, blob.subarray(0, CHUNK));
    expect((await patch(id, CHUNK, blob.subarray(CHUNK))).status).toBe(204);
  });

  it('ignores a cut-off body with a wrong offset or an unsigned request', async () => {
    const { put, head } = ops(dev);
    const blob = randomBytes(CHUNK);
    const id = sha(blob);
    await put(id, blob.length);
    const wrong = cutPatch(dev, id, 100, blob.subarray(100, CHUNK), 10_000);
    await sleep(150);
    wrong.destroy();
    await sleep(100);
    expect((await head(id)).headers['upload-offset']).toBe('0');
    const stranger = new TestDevice(
      dev.baseUrl,
      dev.deviceId,
      (await import('../../../sync/protocol/keys')).generateEd25519KeyPair().privateKey,
      dev.platformKey,
    );
    const forged = cutPatch(stranger, id, 0, blob, 10_000);
    await sleep(150);
    forged.destroy();
    await sleep(100);
    expect((await head(id)).headers['upload-offset']).toBe('0');
    stranger.close();
  });
});

describe('cut-off PATCH and a platform SIGKILL (CLI child process)', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-platform-cut-'));
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const startCli = (args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync/platform/cli.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return new Promise<{ child: ChildProcess; url: string; port: number }>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', (line) => {
        const info = JSON.parse(line) as { url: string; port: number };
        resolve({ child, ...info });
      });
      child.once('exit', (code) => reject(new Error(`platform exited ${code}`)));
    });
  };

  it('keeps a consistent offset when killed with a body half received, and the upload completes', async () => {
    const db = join(dir, 'cut.sqlite');
    const a = await startCli(['--port', '0', '--db', db, '--seed', 'default', '--admin-token', 'tok']);
    const dev = await TestDevice.enrol(a.url, new PlatformAdminClient(a.url, 'tok'));
    const blob = randomBytes(2 * CHUNK);
    const id = sha(blob);
    await ops(dev).put(id, blob.length);
    const first = cutPatch(dev, id, 0, blob.subarray(0, CHUNK), 25_000);
    await sleep(200);
    first.destroy();
    await sleep(100);
    expect((await ops(dev).head(id)).headers['upload-offset']).toBe('25000');
    // Killed while the next body is arriving: nothing of it may be half-counted.
    const second = cutPatch(dev, id, 25_000, blob.subarray(25_000, 25_000 + CHUNK), 30_000);
    await sleep(200);
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    second.destroy();
    dev.close();

    const b = await startCli(['--port', String(a.port), '--db', db, '--admin-token', 'tok']);
    const dev2 = new TestDevice(b.url, dev.deviceId, dev.privateKey, dev.platformKey);
    const offset = Number((await ops(dev2).head(id)).headers['upload-offset']);
    expect([25_000, 55_000]).toContain(offset);
    let at = offset;
    while (at < blob.length) {
      const r = await ops(dev2).patch(id, at, blob.subarray(at, Math.min(at + CHUNK, blob.length)));
      expect(r.status).toBe(204);
      at = Number(r.headers['upload-offset']);
    }
    expect((await new PlatformAdminClient(b.url, 'tok').blob(id)).complete).toBe(true);
    dev2.close();
    b.child.kill('SIGTERM');
    await new Promise((r) => b.child.once('exit', r));
  });
});
