import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformAdminClient } from '../../../sync/platform/admin-client';
import { appItem, TestDevice } from './helpers';

let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cunzhan-platform-cli-'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  info: { url: string; admin_token: string; platform_public_key: string; port: number; pid: number };
}

function startCli(args: string[]): Promise<Started> {
  // node --import tsx keeps the platform in this one process, so signals reach it (the tsx CLI
  // wrapper would forward SIGTERM but cannot forward SIGKILL).
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync/platform/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    rl.once('line', (line) => resolve({ child, info: JSON.parse(line) as Started['info'] }));
    child.once('exit', (code) => reject(new Error(`platform exited ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

describe('npm run platform (cli.ts)', () => {
  it('survives SIGKILL in mid-request, restarts on the same file and port; SIGTERM exits cleanly', async () => {
    const db = join(dir, 'kill.sqlite');
    const a = await startCli(['--port', '0', '--db', db, '--seed', 'default', '--admin-token', 'tok']);
    expect(a.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.info.admin_token).toBe('tok');
    expect(a.info.pid).toBe(a.child.pid);
    const admin = new PlatformAdminClient(a.info.url, 'tok');
    const dev = await TestDevice.enrol(a.info.url, admin);
    const items = [appItem(1), appItem(2), appItem(3)];
    await admin.setFaults({ endpoints: ['batch'], stall_next: 1 });
    // The request is read but not processed when the process dies.
    const pending = dev.batch(items, { batchId: 'k1', timeoutMs: 3000 }).catch((e: Error) => e);
    for (let i = 0; i < 50 && (await admin.stats()).faults_fired.stall === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    a.child.kill('SIGKILL');
    expect((await exited(a.child)).signal).toBe('SIGKILL');
    expect(await pending).toBeInstanceOf(Error);
    dev.close();

    const b = await startCli(['--port', String(a.info.port), '--db', db, '--admin-token', 'tok']);
    expect(b.info.platform_public_key).toBe(a.info.platform_public_key);
    const dev2 = new TestDevice(b.info.url, dev.deviceId, dev.privateKey, dev.platformKey);
    const r = await dev2.batch(items, { batchId: 'k1' });
    dev2.close();
    // A stalled request is not processed, so these are first applications; a second send is duplicate.
    expect(r.result.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    const dev3 = new TestDevice(b.info.url, dev.deviceId, dev.privateKey, dev.platformKey);
    const again = await dev3.batch(items, { batchId: 'k1' });
    dev3.close();
    expect(again.result.results.map((x) => x.server_ref)).toEqual(r.result.results.map((x) => x.server_ref));
    b.child.kill('SIGTERM');
    expect((await exited(b.child)).code).toBe(0);
  });

  it('keeps what a drop-after-commit answer lost across SIGKILL', async () => {
    const db = join(dir, 'drop.sqlite');
    const a = await startCli(['--port', '0', '--db', db, '--seed', 'default', '--admin-token', 'tok']);
    const admin = new PlatformAdminClient(a.info.url, 'tok');
    const dev = await TestDevice.enrol(a.info.url, admin);
    const items = [appItem(1), appItem(2)];
    await admin.setFaults({ endpoints: ['batch'], drop_after_commit_next: 1 });
    await expect(dev.batch(items)).rejects.toThrow();
    a.child.kill('SIGKILL');
    await exited(a.child);
    dev.close();
    const b = await startCli(['--port', '0', '--db', db, '--admin-token', 'tok']);
    const dev2 = new TestDevice(b.info.url, dev.deviceId, dev.privateKey, dev.platformKey);
    const r = await dev2.batch(items);
    dev2.close();
    expect(r.result.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate']);
    b.child.kill('SIGTERM');
    await exited(b.child);
  });

  it('serves HTTPS with --tls-cert/--tls-key', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const a = await startCli(['--port', '0', '--db', join(dir, 'tls.sqlite'), '--tls-cert', cert, '--tls-key', key]);
    expect(a.info.url).toMatch(/^https:\/\//);
    const { readFileSync } = await import('node:fs');
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(`${a.info.url}/v1/ping`, { ca: readFileSync(cert) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(204);
    a.child.kill('SIGTERM');
    expect((await exited(a.child)).code).toBe(0);
  });
});
