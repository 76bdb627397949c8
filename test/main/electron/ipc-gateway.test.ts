import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskBridge } from '../../../main/contract/kiosk-api';
import { createWireBridge, type WirePipe } from '../../../main/contract/wire-client';
import { createIpcGateway } from '../../../main/electron/ipc-gateway';
import type { SenderInfo } from '../../../main/electron/policy/sender';
import type { Dispatch } from '../../../main/host/dispatcher';
import { EventBus } from '../../../main/host/event-bus';
import { createChannelPair } from '../../../main/host/transports/channel-port';
import { serveChannel } from '../../../main/host/transports/channel-server';

const WINDOW = 3;
const page: SenderInfo = { contentsId: WINDOW, frameUrl: 'app://kiosk/index.html', isMainFrame: true };
const uuid = '7d7f3c1e-2b6a-4c55-9d3e-0a1b2c3d4e5f';

/** A real host end: wire bridge → channel pair → serveChannel → a recording dispatch. */
function realHost() {
  const [clientPort, hostPort] = createChannelPair();
  const calls: { method: unknown; args: unknown }[] = [];
  const dispatch: Dispatch = async (method, args) => {
    calls.push({ method, args });
    return { ok: true, value: { echoed: method } };
  };
  const bus = new EventBus();
  const stop = serveChannel(hostPort, dispatch, bus);
  const pipe: WirePipe = {
    send: (m) => {
      clientPort.postMessage(m);
      return true;
    },
    onMessage: (l) => clientPort.onMessage(l),
    onClose: () => () => undefined,
    onOpen: () => () => undefined,
  };
  return { bridge: createWireBridge(pipe, 5_000), calls, bus, stop };
}

function setup(host: KioskBridge) {
  const sent: { topic: string; payload: unknown }[] = [];
  const rejects: { reason: string; method: string | null }[] = [];
  const gateway = createIpcGateway({
    host,
    windowContentsId: () => WINDOW,
    sendEvent: (topic, payload) => sent.push({ topic, payload }),
    onReject: (reason, method) => rejects.push({ reason, method }),
  });
  return { gateway, sent, rejects };
}

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

describe('IPC gateway: invoke', () => {
  it('forwards a good call from our page to the host and returns its result', async () => {
    const host = realHost();
    stops.push(host.stop);
    const { gateway, rejects } = setup(host.bridge);
    const result = await gateway.invoke(page, 'tx.progress', { localNumber: 'CZ-20261122-0001' });
    expect(result).toEqual({ ok: true, value: { echoed: 'tx.progress' } });
    expect(host.calls).toEqual([{ method: 'tx.progress', args: { localNumber: 'CZ-20261122-0001' } }]);
    expect(rejects).toEqual([]);
  });

  it('treats missing args of an argument-less method as {}', async () => {
    const host = realHost();
    stops.push(host.stop);
    const { gateway } = setup(host.bridge);
    await gateway.invoke(page, 'system.info', undefined);
    expect(host.calls).toEqual([{ method: 'system.info', args: {} }]);
  });

  it.each<[string, SenderInfo]>([
    ['another origin', { ...page, frameUrl: 'https://evil.example/' }],
    ['a subframe', { ...page, frameUrl: 'app://kiosk/voice/index.html', isMainFrame: false }],
    ['file://', { ...page, frameUrl: 'file:///opt/cunzhan/index.html' }],
    ['DevTools', { contentsId: 99, frameUrl: 'devtools://devtools/bundled/devtools_app.html', isMainFrame: true }],
    ['a destroyed frame', { ...page, frameUrl: null }],
  ])('rejects a call from %s with bad_request and never reaches the host', async (_name, sender) => {
    const host = { invoke: vi.fn(), subscribe: vi.fn() };
    const { gateway, rejects } = setup(host);
    const result = await gateway.invoke(sender, 'system.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(host.invoke).not.toHaveBeenCalled();
    expect(rejects[0]?.reason).toMatch(/^sender:/);
  });

  it('rejects unknown methods, including prototype names', async () => {
    const host = { invoke: vi.fn(), subscribe: vi.fn() };
    const { gateway, rejects } = setup(host);
    for (const method of ['system.reboot', '__proto__', 'constructor', 'toString', 42, null]) {
      const result = await gateway.invoke(page, method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(host.invoke).not.toHaveBeenCalled();
    expect(rejects.map((r) => r.reason)).toEqual(Array(6).fill('unknown_method'));
  });

  it('rejects arguments that do not parse, without logging them', async () => {
    const host = { invoke: vi.fn(), subscribe: vi.fn() };
    const { gateway, rejects } = setup(host);
    const bad: unknown[] = [
      { localNumber: 'x' },
      { localNumber: 'CZ-20261122-0001', extra: 1 },
      'CZ-20261122-0001',
      { serviceCode: 'social', values: {}, requestId: 'not-a-uuid' },
    ];
    for (const [i, args] of bad.entries()) {
      const method = i < 3 ? 'tx.progress' : 'tx.submit';
      expect(await gateway.invoke(page, method, args)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(host.invoke).not.toHaveBeenCalled();
    expect(JSON.stringify(rejects)).not.toContain('CZ-2026');
    // The same submit with a real uuid passes, so the rejection above was about the uuid.
    host.invoke.mockResolvedValue({ ok: true, value: {} });
    await gateway.invoke(page, 'tx.submit', { serviceCode: 'social', values: {}, requestId: uuid });
    expect(host.invoke).toHaveBeenCalledOnce();
  });

  it('rejects every call while the window is gone', async () => {
    const host = { invoke: vi.fn(), subscribe: vi.fn() };
    const gateway = createIpcGateway({ host, windowContentsId: () => null, sendEvent: () => undefined });
    expect(await gateway.invoke(page, 'system.info', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(host.invoke).not.toHaveBeenCalled();
  });
});

describe('IPC gateway: events', () => {
  it('forwards host events for subscribed topics to our page, once per topic, until unsubscribed', async () => {
    const host = realHost();
    stops.push(host.stop);
    const { gateway, sent } = setup(host.bridge);
    const tick = () => new Promise((r) => setTimeout(r, 5));
    host.bus.publish('idcard.error', { code: 'read_failed', message: '还没订阅' });
    gateway.subscribe(page, 'idcard.error');
    gateway.subscribe(page, 'idcard.error');
    await tick();
    host.bus.publish('idcard.error', { code: 'read_failed', message: '请把身份证放平' });
    await vi.waitFor(() =>
      expect(sent).toEqual([{ topic: 'idcard.error', payload: { code: 'read_failed', message: '请把身份证放平' } }]),
    );
    gateway.unsubscribe(page, 'idcard.error');
    await tick();
    host.bus.publish('idcard.error', { code: 'read_failed', message: '再试一次' });
    await tick();
    expect(sent).toHaveLength(1);
  });

  it('ignores subscriptions from foreign senders and unknown topics', () => {
    const host = { invoke: vi.fn(), subscribe: vi.fn(() => () => undefined) };
    const { gateway, rejects } = setup(host);
    gateway.subscribe({ ...page, isMainFrame: false }, 'sync.status');
    gateway.subscribe(page, 'secrets.dump');
    expect(host.subscribe).not.toHaveBeenCalled();
    expect(rejects.map((r) => r.reason)).toEqual(['sender:subframe', 'unknown_topic']);
  });

  it('answers host.recovering itself, with the current state on subscribe', () => {
    const host = { invoke: vi.fn(), subscribe: vi.fn(() => () => undefined) };
    const { gateway, sent } = setup(host);
    gateway.setRecovering(true);
    expect(sent).toEqual([]);
    gateway.subscribe(page, 'host.recovering');
    gateway.setRecovering(false);
    expect(host.subscribe).not.toHaveBeenCalled();
    expect(sent).toEqual([
      { topic: 'host.recovering', payload: { recovering: true, reason: null } },
      { topic: 'host.recovering', payload: { recovering: false, reason: null } },
    ]);
  });

  it('drops all subscriptions when the page reloads', () => {
    const offs = [vi.fn(), vi.fn()];
    let i = 0;
    const host = { invoke: vi.fn(), subscribe: vi.fn(() => offs[i++]!) };
    const { gateway, sent } = setup(host);
    gateway.subscribe(page, 'sync.status');
    gateway.subscribe(page, 'session.changed');
    gateway.subscribe(page, 'host.recovering');
    gateway.reset();
    expect(offs[0]).toHaveBeenCalledOnce();
    expect(offs[1]).toHaveBeenCalledOnce();
    sent.length = 0;
    gateway.setRecovering(true);
    expect(sent).toEqual([]);
    gateway.subscribe(page, 'sync.status');
    expect(host.subscribe).toHaveBeenCalledTimes(3);
  });
});
