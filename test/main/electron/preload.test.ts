import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../../../main/contract/kiosk-api';

const electron = vi.hoisted(() => {
  const onHandlers = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  return {
    onHandlers,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async () => ({ ok: true, value: 1 })),
      send: vi.fn(),
      on: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => void) => {
        onHandlers.set(channel, handler);
      }),
    },
  };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

async function loadPreload() {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  electron.ipcRenderer.send.mockClear();
  electron.ipcRenderer.invoke.mockClear();
  electron.onHandlers.clear();
  await import('../../../main/electron/preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
  const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  return {
    name,
    api: api as {
      invoke: (m: string, a: unknown) => Promise<unknown>;
      subscribe: (t: string, l: (p: unknown) => void) => () => void;
    },
  };
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('preload', () => {
  it('exposes exactly window.kiosk with two functions, invoke and subscribe', async () => {
    const { name, api } = await loadPreload();
    expect(name).toBe('kiosk');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.subscribe).toBe('function');
  });

  it('invokes through the contract channel and returns main’s answer', async () => {
    const { api } = await loadPreload();
    await expect(api.invoke('system.info', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannels.invoke, 'system.info', {});
  });

  it('subscribes once per topic, delivers events without the Electron event object, and unsubscribes with the last listener', async () => {
    const { api } = await loadPreload();
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.subscribe('sync.status', a);
    const offB = api.subscribe('sync.status', b);
    expect(electron.ipcRenderer.send.mock.calls).toEqual([[ipcChannels.subscribe, 'sync.status']]);

    const deliver = electron.onHandlers.get(ipcChannels.event)!;
    deliver({ sender: 'ipc-internals' }, 'sync.status', { pending: 2 });
    deliver({ sender: 'ipc-internals' }, 'session.changed', null);
    expect(a.mock.calls).toEqual([[{ pending: 2 }]]);
    expect(b.mock.calls).toEqual([[{ pending: 2 }]]);

    offA();
    offA();
    expect(electron.ipcRenderer.send).toHaveBeenCalledTimes(1);
    offB();
    expect(electron.ipcRenderer.send.mock.calls.at(-1)).toEqual([ipcChannels.unsubscribe, 'sync.status']);
  });

  it('keeps delivering when one page listener throws', async () => {
    const { api } = await loadPreload();
    const good = vi.fn();
    api.subscribe('sync.status', () => {
      throw new Error('page bug');
    });
    api.subscribe('sync.status', good);
    electron.onHandlers.get(ipcChannels.event)!({}, 'sync.status', 1);
    expect(good).toHaveBeenCalledWith(1);
  });
});
