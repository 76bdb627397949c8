import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWireBridge } from '../../../main/contract/wire-client';
import { createHostSupervisor, type HostChild } from '../../../main/electron/host-supervisor';
import { createIpcGateway } from '../../../main/electron/ipc-gateway';
import { RestartPolicy } from '../../../main/electron/policy/restart-policy';
import { answerKeyRequest } from '../../../main/electron/keystore/safe-storage-responder';
import { buildElectron } from '../../../scripts/build-electron';
import { FakeSafeStorage } from './keystore/fake-safe-storage';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shim = fileURLToPath(new URL('./fixtures/parent-port-shim.mjs', import.meta.url));
// Inside the repo so the bundle resolves node_modules exactly as it does in the packaged app.
const outDir = path.join(repoRoot, 'out', `electron-test-${process.pid}`);
let dataDir: string;
const processes: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cz-bundle-'));
  await buildElectron(outDir, ['utility']);
}, 60_000);

afterAll(() => {
  for (const p of processes) p.kill('SIGKILL');
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** child_process.fork standing in for utilityProcess.fork. */
function spawnBuiltHost(): HostChild {
  const child = fork(path.join(outDir, 'main/host/utility-entry.js'), [], {
    execArgv: ['--import', shim],
    env: { ...process.env, CUNZHAN_DATA_DIR: dataDir, CUNZHAN_LOG_STDERR: '1' },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  processes.push(child);
  return {
    postMessage: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => {
      child.on('message', l);
    },
    onExit: (l) => {
      child.on('exit', (code, signal) => l(code ?? (signal ? 128 : 1)));
    },
    kill: () => {
      child.kill('SIGTERM');
    },
  };
}

describe('built utility entry (dist/main/host/utility-entry.js)', () => {
  it('runs the real service host behind the supervisor, survives a SIGKILL, and reuses the wrapped key', async () => {
    const store = new FakeSafeStorage();
    const recovering: boolean[] = [];
    const sent: unknown[] = [];
    const supervisor = createHostSupervisor({
      spawn: spawnBuiltHost,
      answerKey: (op, data) => answerKeyRequest(op, data, store, 'linux'),
      onRecovering: (r) => {
        recovering.push(r);
        gateway.setRecovering(r);
      },
      log: () => undefined,
      policy: new RestartPolicy({ baseMs: 50, maxMs: 200, stableMs: 60_000 }),
    });
    const gateway = createIpcGateway({
      host: createWireBridge(supervisor.pipe, 20_000),
      windowContentsId: () => 1,
      sendEvent: (topic, payload) => sent.push({ topic, payload }),
    });
    const page = { contentsId: 1, frameUrl: 'app://kiosk/index.html', isMainFrame: true };
    gateway.subscribe(page, 'host.recovering');
    supervisor.start();
    try {
      const first = await gateway.invoke(page, 'system.info', {});
      expect(first).toMatchObject({ ok: true, value: { version: expect.any(String) } });
      const wrappedFile = path.join(dataDir, 'keys', 'master.key.wrapped.json');
      const wrapped = readFileSync(wrappedFile, 'utf8');

      processes.at(-1)!.kill('SIGKILL');
      await waitFor(() => recovering.includes(true));
      const during = await gateway.invoke(page, 'system.info', {});
      expect(during).toMatchObject({ ok: false, error: { code: 'service_unavailable' } });

      await waitFor(() => recovering.at(-1) === false, 30_000);
      expect(processes.length).toBeGreaterThanOrEqual(2);
      await expect(gateway.invoke(page, 'system.info', {})).resolves.toMatchObject({ ok: true });
      // The restarted host unwrapped the same key instead of making a new one.
      expect(readFileSync(wrappedFile, 'utf8')).toBe(wrapped);
      expect(sent).toEqual([
        { topic: 'host.recovering', payload: { recovering: false, reason: null } },
        { topic: 'host.recovering', payload: { recovering: true, reason: null } },
        { topic: 'host.recovering', payload: { recovering: false, reason: null } },
      ]);
    } finally {
      await supervisor.stop();
    }
    expect(processes.at(-1)!.exitCode).toBe(0);
  }, 60_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
