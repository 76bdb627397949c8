import { KeystoreError } from '../../../../main/electron/keystore/safe-storage-key-provider';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWireBridge } from '../../../../main/contract/wire-client';
import { createHostSupervisor, type HostChild } from '../../../../main/electron/host-supervisor';
import { createIpcGateway } from '../../../../main/electron/ipc-gateway';
import { answerKeyRequest } from '../../../../main/electron/keystore/safe-storage-responder';
import type { ParentPortLike } from '../../../../main/electron/utility/parent-link';
import {
  parseUtilityArgs,
  runUtility,
  WRAPPED_KEY_FILE,
  type StartHost,
} from '../../../../main/electron/utility/run-utility';
import { resolvePaths } from '../../../../main/host/config';
import type { Dispatch } from '../../../../main/host/dispatcher';
import { EventBus } from '../../../../main/host/event-bus';
import { FakeSafeStorage } from '../keystore/fake-safe-storage';

/**
 * Electron main's supervisor and gateway talking to runUtility through an in-memory stand-in
 * for utilityProcess (structured-clone copies, asynchronous delivery), with a fake host.
 */
function connectedChild(userData: string, startHost: StartHost, log: string[]): () => HostChild {
  return () => {
    const toParent = new Set<(m: unknown) => void>();
    const toChild = new Set<(e: { data: unknown }) => void>();
    const exits = new Set<(code: number) => void>();
    let alive = true;
    const port: ParentPortLike = {
      postMessage: (m) => {
        const copy = structuredClone(m);
        setImmediate(() => {
          if (alive) toParent.forEach((l) => l(copy));
        });
      },
      on: (_event, listener) => toChild.add(listener),
    };
    const exit = (code: number) => {
      if (!alive) return;
      alive = false;
      setImmediate(() => exits.forEach((l) => l(code)));
    };
    void runUtility({
      port,
      argv: [],
      paths: resolvePaths({ CUNZHAN_DATA_DIR: userData }),
      startHost,
      exit,
      log: (l) => log.push(l),
    });
    return {
      postMessage: (m) => {
        const copy = structuredClone(m);
        setImmediate(() => {
          if (alive) toChild.forEach((l) => l({ data: copy }));
        });
      },
      onMessage: (l) => {
        toParent.add(l);
      },
      onExit: (l) => {
        exits.add(l);
      },
      kill: () => exit(143),
    };
  };
}

/** Electron main's supervisor and IPC gateway around `startHost`, started; `page` is our window. */
function electronMainWith(startHost: StartHost) {
  const log: string[] = [];
  const recovering: boolean[] = [];
  const supervisor = createHostSupervisor({
    spawn: connectedChild(userData, startHost, log),
    answerKey: (op, data) => answerKeyRequest(op, data, new FakeSafeStorage(), 'linux'),
    onRecovering: (r) => recovering.push(r),
    log: () => undefined,
  });
  const gateway = createIpcGateway({
    host: createWireBridge(supervisor.pipe),
    windowContentsId: () => 1,
    sendEvent: () => undefined,
  });
  supervisor.start();
  const page = { contentsId: 1, frameUrl: 'app://kiosk/index.html', isMainFrame: true };
  return { supervisor, gateway, page, log, recovering };
}

let userData: string;
beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'cz-utility-'));
});
afterEach(() => rmSync(userData, { recursive: true, force: true }));

describe('utility process entry', () => {
  it('starts the host with the safeStorage-wrapped key and serves calls from the page', async () => {
    const keys: Buffer[] = [];
    const closed = vi.fn(async () => undefined);
    const dispatch: Dispatch = async (method) => ({ ok: true, value: { method } });
    const startHost: StartHost = async (options) => {
      keys.push(await options.keyProvider.loadOrCreateMasterKey());
      return { dispatch, bus: new EventBus(), close: closed };
    };
    const { supervisor, gateway, page, log, recovering } = electronMainWith(startHost);
    await expect(gateway.invoke(page, 'system.info', {})).resolves.toEqual({
      ok: true,
      value: { method: 'system.info' },
    });
    expect(keys[0]).toHaveLength(32);
    expect(statSync(path.join(userData, 'keys', WRAPPED_KEY_FILE)).isFile()).toBe(true);
    expect(log.join('\n')).toContain('keystore backend: gnome_libsecret');

    await supervisor.stop();
    expect(closed).toHaveBeenCalledOnce();
    expect(recovering).toEqual([]);
  });

  it('重启终端: the host closes, the utility exits cleanly, main starts a new host that serves', async () => {
    const closes: number[] = [];
    const restartHooks: (() => void)[] = [];
    const startHost: StartHost = async (options) => {
      const n = restartHooks.push(options.onRestartRequested!);
      const dispatch: Dispatch = async () => ({ ok: true, value: { host: n } });
      return { dispatch, bus: new EventBus(), close: async () => void closes.push(n) };
    };
    const { supervisor, gateway, page, log, recovering } = electronMainWith(startHost);
    await expect(gateway.invoke(page, 'system.info', {})).resolves.toEqual({ ok: true, value: { host: 1 } });

    restartHooks[0]!();
    await vi.waitFor(() => expect(recovering).toEqual([true, false]), { timeout: 5_000 });
    await expect(gateway.invoke(page, 'system.info', {})).resolves.toEqual({ ok: true, value: { host: 2 } });
    expect(closes).toEqual([1]);
    expect(log.join('\n')).toContain('restarting at the technician');
    await supervisor.stop();
    expect(closes).toEqual([1, 2]);
  });

  it('exits non-zero when the host cannot start, so main restarts it', async () => {
    const exit = vi.fn();
    const port: ParentPortLike = { postMessage: vi.fn(), on: vi.fn() };
    await runUtility({
      port,
      argv: [],
      paths: resolvePaths({ CUNZHAN_DATA_DIR: userData }),
      startHost: async () => {
        throw new Error('database is locked');
      },
      exit,
      log: () => undefined,
    });
    expect(exit).toHaveBeenCalledWith(1);
    expect(port.postMessage).not.toHaveBeenCalledWith({ ch: 'ready' });
    expect(port.postMessage).not.toHaveBeenCalledWith(expect.objectContaining({ ch: 'refused' }));
  });

  it('tells main why it refuses to start when the reason is one the screen can explain', async () => {
    const exit = vi.fn();
    const port: ParentPortLike = { postMessage: vi.fn(), on: vi.fn() };
    await runUtility({
      port,
      argv: [],
      paths: resolvePaths({ CUNZHAN_DATA_DIR: userData }),
      startHost: async () => {
        throw new KeystoreError('keystore_plaintext', 'basic_text refused');
      },
      exit,
      log: () => undefined,
    });
    expect(port.postMessage).toHaveBeenCalledWith({ ch: 'refused', code: 'keystore_plaintext' });
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('passes a --config given to the kiosk on to the host', async () => {
    expect(parseUtilityArgs(['--config=/etc/cz.json'])).toEqual({ configPath: '/etc/cz.json' });
    expect(parseUtilityArgs(['--config='])).toEqual({});
    const seen: string[] = [];
    await runUtility({
      port: { postMessage: () => undefined, on: () => undefined },
      argv: ['--config=/etc/cz.json'],
      paths: resolvePaths({ CUNZHAN_DATA_DIR: userData }),
      startHost: async ({ paths }) => {
        seen.push(paths.configFile);
        throw new Error('stop here');
      },
      exit: () => undefined,
      log: () => undefined,
    });
    expect(seen).toEqual(['/etc/cz.json']);
  });
});
