import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../../../main/contract/kiosk-api';
import { MANDARIN, writeModel } from '../../helpers/fake-vosk-model';

/**
 * main.ts with Electron mocked: checks the wiring (what is registered, with which decision),
 * not Electron itself. The decisions are tested in policy/, ipc-gateway and host-supervisor.
 */
const e = vi.hoisted(() => {
  // vi.hoisted runs before imports; getBuiltinModule reaches node:events without require().
  const { EventEmitter: Emitter } = process.getBuiltinModule('node:events');
  class FakeContents extends Emitter {
    static nextId = 1;
    id = FakeContents.nextId++;
    mainFrame = { processId: 1, routingId: 1, parent: null, url: 'app://kiosk/index.html' };
    send = vi.fn();
    setWindowOpenHandler = vi.fn();
    openDevTools = vi.fn();
    setVisualZoomLevelLimits = vi.fn(async () => undefined);
  }
  class FakeWindow extends Emitter {
    static created: FakeWindow[] = [];
    webContents = new FakeContents();
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    focus = vi.fn();
    isMinimized = () => false;
    restore = vi.fn();
    reload = vi.fn();
    isDestroyed = () => false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeWindow.created.push(this);
    }
  }
  const children: (InstanceType<typeof Emitter> & {
    postMessage: ReturnType<typeof vi.fn>;
    kill: ReturnType<typeof vi.fn>;
  })[] = [];
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    lock: true,
    requestSingleInstanceLock: vi.fn(() => app.lock),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn(() => '/tmp/cz-user-data'),
    commandLine: { appendSwitch: vi.fn() },
  });
  const ses = Object.assign(new Emitter(), {
    protocol: { handle: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  });
  return {
    FakeContents,
    FakeWindow,
    children,
    app,
    ses,
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    Menu: { setApplicationMenu: vi.fn() },
    ipcMain: { handle: vi.fn(), on: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    utilityProcess: {
      fork: vi.fn(() => {
        const child = Object.assign(new Emitter(), { postMessage: vi.fn(), kill: vi.fn() });
        children.push(child);
        return child;
      }),
    },
  };
});

vi.mock('electron', () => ({
  app: e.app,
  BrowserWindow: e.FakeWindow,
  Menu: e.Menu,
  ipcMain: e.ipcMain,
  protocol: e.protocol,
  safeStorage: e.safeStorage,
  session: { defaultSession: e.ses },
  utilityProcess: e.utilityProcess,
}));

async function loadMain(lock = true) {
  vi.resetModules();
  vi.clearAllMocks();
  e.app.removeAllListeners();
  e.ses.removeAllListeners();
  e.FakeWindow.created.length = 0;
  e.children.length = 0;
  e.app.lock = lock;
  await import('../../../main/electron/main');
  await new Promise((r) => setImmediate(r));
}

function handler<T>(mock: { mock: { calls: unknown[][] } }, channel: string): T {
  const call = mock.mock.calls.find((c) => c[0] === channel);
  if (!call) throw new Error(`no handler for ${channel}`);
  return call[1] as T;
}

beforeEach(() => {
  vi.useRealTimers();
});

describe('Electron main wiring', () => {
  it('quits at once when another instance holds the lock', async () => {
    await loadMain(false);
    expect(e.app.quit).toHaveBeenCalled();
    expect(e.utilityProcess.fork).not.toHaveBeenCalled();
    expect(e.FakeWindow.created).toHaveLength(0);
  });

  it('registers app:// as a standard secure scheme before ready and loads the page from it', async () => {
    await loadMain();
    expect(e.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
    expect(e.ses.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(e.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    const [win] = e.FakeWindow.created;
    expect(win!.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    expect(win!.options).toMatchObject({
      kiosk: true,
      webPreferences: { sandbox: true, contextIsolation: true, devTools: false },
    });
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(win!.webContents.openDevTools).not.toHaveBeenCalled();
    expect(win!.webContents.setVisualZoomLevelLimits).toHaveBeenCalledWith(1, 1);
  });

  it('serves the technician’s speech model to the voice frame at app://kiosk/voice/model.tar.gz', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cz-main-voice-'));
    const before = process.env.CUNZHAN_CONFIG;
    try {
      writeModel(path.join(dir, 'model'), MANDARIN);
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ voice: { modelPath: path.join(dir, 'model') } }));
      process.env.CUNZHAN_CONFIG = path.join(dir, 'config.json');
      await loadMain();
      const [, handle] = e.ses.protocol.handle.mock.calls[0] as unknown as [string, (r: Request) => Promise<Response>];
      const res = await handle(new Request('app://kiosk/voice/model.tar.gz'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(new Uint8Array(await res.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]));

      // Without a model in the configuration: nothing there.
      writeFileSync(path.join(dir, 'config.json'), '{}');
      await loadMain();
      const [, again] = e.ses.protocol.handle.mock.calls[0] as unknown as [string, (r: Request) => Promise<Response>];
      expect((await again(new Request('app://kiosk/voice/model.tar.gz'))).status).toBe(404);
    } finally {
      if (before === undefined) delete process.env.CUNZHAN_CONFIG;
      else process.env.CUNZHAN_CONFIG = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts the service host as a utility process', async () => {
    await loadMain();
    expect(e.utilityProcess.fork).toHaveBeenCalledOnce();
    const [entry] = e.utilityProcess.fork.mock.calls[0] as unknown as [string];
    expect(entry.replaceAll('\\', '/')).toMatch(/main\/host\/utility-entry\.js$/);
  });

  it('grants media to our window only', async () => {
    await loadMain();
    const request = e.ses.setPermissionRequestHandler.mock.calls[0]![0] as (
      c: unknown,
      p: string,
      cb: (ok: boolean) => void,
      d: unknown,
    ) => void;
    const ours = e.FakeWindow.created[0]!.webContents;
    const other = new e.FakeContents();
    const answers: boolean[] = [];
    request(ours, 'media', (ok) => answers.push(ok), {
      requestingUrl: 'app://kiosk/index.html',
      mediaTypes: ['video'],
      isMainFrame: true,
    });
    request(other, 'media', (ok) => answers.push(ok), {
      requestingUrl: 'app://kiosk/index.html',
      mediaTypes: ['video'],
      isMainFrame: true,
    });
    request(ours, 'geolocation', (ok) => answers.push(ok), {
      requestingUrl: 'app://kiosk/index.html',
      isMainFrame: true,
    });
    expect(answers).toEqual([true, false, false]);
    const device = e.ses.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean;
    expect(device()).toBe(false);
  });

  it('cancels downloads', async () => {
    await loadMain();
    const event = { preventDefault: vi.fn() };
    const item = { cancel: vi.fn() };
    e.ses.emit('will-download', event, item);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(item.cancel).toHaveBeenCalled();
  });

  it('locks down every webContents: no new windows, no navigation away, no webviews', async () => {
    await loadMain();
    const contents = new e.FakeContents();
    e.app.emit('web-contents-created', {}, contents);
    const open = contents.setWindowOpenHandler.mock.calls[0]![0] as () => unknown;
    expect(open()).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = { url: 'https://evil.example/', preventDefault: vi.fn() };
      contents.emit(name, away);
      expect(away.preventDefault).toHaveBeenCalled();
      const home = { url: 'app://kiosk/index.html', preventDefault: vi.fn() };
      contents.emit(name, home);
      expect(home.preventDefault).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('checks the sender of every invoke and forwards good calls to the host process', async () => {
    await loadMain();
    const invoke = handler<(event: unknown, method: unknown, args: unknown) => Promise<unknown>>(
      e.ipcMain.handle,
      ipcChannels.invoke,
    );
    const win = e.FakeWindow.created[0]!;
    const devtools = new e.FakeContents();
    const fromDevtools = await invoke(
      { sender: devtools, senderFrame: { ...devtools.mainFrame, url: 'devtools://devtools/x' } },
      'system.info',
      {},
    );
    expect(fromDevtools).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const subframe = { processId: 1, routingId: 2, parent: win.webContents.mainFrame, url: 'app://kiosk/voice/' };
    expect(await invoke({ sender: win.webContents, senderFrame: subframe }, 'system.info', {})).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });

    const child = e.children[0]!;
    const pending = invoke({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'system.info', {});
    child.emit('message', { ch: 'ready' });
    const sent = child.postMessage.mock.calls.map((c) => c[0] as { ch: string; m?: { id: number; method: string } });
    const call = sent.find((m) => m.ch === 'api')!;
    expect(call.m).toMatchObject({ type: 'invoke', method: 'system.info' });
    child.emit('message', { ch: 'api', m: { type: 'result', id: call.m!.id, result: { ok: true, value: 'hi' } } });
    await expect(pending).resolves.toEqual({ ok: true, value: 'hi' });
  });

  it('shows 系统正在恢复 (host.recovering) to the page when the host dies, and restarts it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await loadMain();
    const win = e.FakeWindow.created[0]!;
    const subscribe = handler<(event: unknown, topic: unknown) => void>(e.ipcMain.on, ipcChannels.subscribe);
    subscribe({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'host.recovering');
    e.children[0]!.emit('message', { ch: 'ready' });
    e.children[0]!.emit('exit', 134);
    expect(win.webContents.send.mock.calls.map((c) => c.slice(1))).toEqual([
      ['host.recovering', { recovering: false, reason: null }],
      ['host.recovering', { recovering: true, reason: null }],
    ]);
    await vi.advanceTimersByTimeAsync(500);
    expect(e.utilityProcess.fork).toHaveBeenCalledTimes(2);
    e.children[1]!.emit('message', { ch: 'ready' });
    expect(win.webContents.send.mock.calls.at(-1)!.slice(1)).toEqual([
      'host.recovering',
      { recovering: false, reason: null },
    ]);
    expect(win.webContents.send.mock.calls.every((c) => c[0] === ipcChannels.event)).toBe(true);
  });

  it('asks the host to shut down before quitting', async () => {
    await loadMain();
    const event = { preventDefault: vi.fn() };
    e.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(e.children[0]!.postMessage).toHaveBeenCalledWith({ ch: 'shutdown' });
    e.children[0]!.emit('exit', 0);
    await new Promise((r) => setImmediate(r));
    expect(e.app.quit).toHaveBeenCalled();
  });
});

describe('Electron main in an installed package', () => {
  async function loadPackaged(argv: string[], env: Record<string, string> = {}) {
    const saved = { argv: process.argv, env: { ...process.env } };
    process.argv = argv;
    Object.assign(process.env, env);
    e.app.isPackaged = true;
    try {
      await loadMain();
    } finally {
      process.argv = saved.argv;
      for (const name of Object.keys(env)) delete process.env[name];
      Object.assign(process.env, saved.env);
      e.app.isPackaged = false;
    }
  }

  it('exits with a clear message instead of starting when given a debugger switch', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await loadPackaged(['/opt/cunzhan/cunzhan', '--remote-debugging-port=9222']);
    expect(e.app.exit).toHaveBeenCalledWith(2);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('--remote-debugging-port'));
    expect(e.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(e.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(e.utilityProcess.fork).not.toHaveBeenCalled();
    expect(e.FakeWindow.created).toHaveLength(0);
    errors.mockRestore();
  });

  it('gives the host the fixed config and an environment without overrides', async () => {
    await loadPackaged(['/opt/cunzhan/cunzhan', '--config=/tmp/evil.json', '--dev'], {
      CUNZHAN_DATA_DIR: '/tmp/evil',
      CUNZHAN_IDLE_TIMEOUT_SEC: '10',
      NODE_OPTIONS: '--require=/tmp/x.js',
    });
    const [, args, forkOptions] = e.utilityProcess.fork.mock.calls[0] as unknown as [
      string,
      string[],
      { env: Record<string, string | undefined> },
    ];
    expect(args).toEqual(['--config=/etc/cunzhan/config.json']);
    expect(forkOptions.env).toMatchObject({
      CUNZHAN_DATA_DIR: '/var/lib/cunzhan',
      CUNZHAN_CONFIG: '/etc/cunzhan/config.json',
    });
    expect(forkOptions.env).not.toHaveProperty('CUNZHAN_IDLE_TIMEOUT_SEC');
    expect(forkOptions.env).not.toHaveProperty('NODE_OPTIONS');
    expect(e.FakeWindow.created[0]!.options).toMatchObject({ kiosk: true, webPreferences: { devTools: false } });
  });

  it('runs a technician command instead of the kiosk when started as /usr/bin/cunzhan', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await loadPackaged(['/opt/cunzhan/cunzhan', '--cunzhan-cli', 'device']);
    // The CLI bundle exists only in dist/; from the sources its import fails, which exits 1.
    await vi.waitFor(() => expect(e.app.exit).toHaveBeenCalledWith(1));
    expect(e.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(e.utilityProcess.fork).not.toHaveBeenCalled();
    expect(e.FakeWindow.created).toHaveLength(0);
    errors.mockRestore();
  });
});
