import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWireBridge } from '../../../main/contract/wire-client';
import { createHostSupervisor, type HostChild } from '../../../main/electron/host-supervisor';
import { RestartPolicy } from '../../../main/electron/policy/restart-policy';
import type { ParentMessage } from '../../../main/electron/utility/protocol';

class FakeChild implements HostChild {
  readonly posted: ParentMessage[] = [];
  killed = false;
  #message = new Set<(m: unknown) => void>();
  #exit = new Set<(code: number) => void>();
  postMessage(message: ParentMessage) {
    this.posted.push(structuredClone(message));
  }
  onMessage(l: (m: unknown) => void) {
    this.#message.add(l);
  }
  onExit(l: (code: number) => void) {
    this.#exit.add(l);
  }
  kill() {
    this.killed = true;
  }
  emit(message: unknown) {
    for (const l of this.#message) l(message);
  }
  exit(code: number) {
    for (const l of this.#exit) l(code);
  }
  api() {
    return this.posted.filter((p) => p.ch === 'api').map((p) => (p as { m: unknown }).m);
  }
}

function setup(opts: { readyTimeoutMs?: number } = {}) {
  const children: FakeChild[] = [];
  const recovering: boolean[] = [];
  const reasons: (string | null)[] = [];
  const lines: string[] = [];
  const supervisor = createHostSupervisor({
    spawn: () => {
      const c = new FakeChild();
      children.push(c);
      return c;
    },
    answerKey: (op, data) => ({ ok: true, data: op === 'wrap' ? `W${data}` : data.slice(1), backend: 'test' }),
    onRecovering: (r, why) => {
      recovering.push(r);
      reasons.push(why);
    },
    log: (l) => lines.push(l),
    policy: new RestartPolicy({ baseMs: 500, maxMs: 4_000, stableMs: 60_000 }),
    clock: {
      now: () => Date.now(),
      setTimeout: (f, ms) => setTimeout(f, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
    readyTimeoutMs: opts.readyTimeoutMs ?? 10_000,
    stopTimeoutMs: 2_000,
  });
  return { supervisor, children, recovering, reasons, lines, bridge: createWireBridge(supervisor.pipe, 20_000) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('host supervisor', () => {
  it('holds calls made while the first host starts and sends them once it is ready', async () => {
    const { supervisor, children, bridge, recovering } = setup();
    supervisor.start();
    const call = bridge.invoke('system.info', {});
    expect(children[0]!.api()).toEqual([]);
    children[0]!.emit({ ch: 'ready' });
    expect(children[0]!.api()).toEqual([{ type: 'invoke', id: 1, method: 'system.info', args: {} }]);
    children[0]!.emit({ ch: 'api', m: { type: 'result', id: 1, result: { ok: true, value: 'x' } } });
    await expect(call).resolves.toEqual({ ok: true, value: 'x' });
    expect(recovering).toEqual([]);
  });

  it('restarts a dead host with a doubling delay, reporting recovering until it is ready', async () => {
    const { supervisor, children, recovering } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'ready' });
    const startTimes: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      children.at(-1)!.exit(1);
      const before = children.length;
      await vi.advanceTimersToNextTimerAsync();
      expect(children.length).toBe(before + 1);
      startTimes.push(Date.now() - t0);
    }
    // 500, 1000, 2000, 4000, 4000 (cap) apart.
    expect(startTimes.map((t, i) => t - (startTimes[i - 1] ?? 0))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
    expect(recovering).toEqual([true]);
    children.at(-1)!.emit({ ch: 'ready' });
    expect(recovering).toEqual([true, false]);
    expect(supervisor.state).toBe('ready');
  });

  it('passes on why a host refuses to start, until one serves again', async () => {
    const { supervisor, children, recovering, reasons } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'refused', code: 'keystore_plaintext' });
    children[0]!.exit(1);
    expect(recovering).toEqual([true]);
    expect(reasons).toEqual(['keystore_plaintext']);
    await vi.advanceTimersToNextTimerAsync();
    children[1]!.emit({ ch: 'ready' });
    expect(recovering).toEqual([true, false]);
    expect(reasons).toEqual(['keystore_plaintext', null]);
  });

  it('answers calls during a restart with service_unavailable at once and fails calls in flight', async () => {
    const { supervisor, children, bridge } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'ready' });
    const inFlight = bridge.invoke('sync.status', {});
    children[0]!.exit(134);
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'service_unavailable' } });
    await expect(bridge.invoke('system.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'service_unavailable', message: expect.stringContaining('系统正在恢复') },
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(children).toHaveLength(2);
    // Still starting: restarted hosts do not hold calls.
    await expect(bridge.invoke('system.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'service_unavailable' },
    });
    expect(children[1]!.api()).toEqual([]);
  });

  it('replays subscriptions to the restarted host', async () => {
    const { supervisor, children, bridge } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'ready' });
    const got: unknown[] = [];
    bridge.subscribe('sync.status', (p) => got.push(p));
    expect(children[0]!.api()).toEqual([{ type: 'subscribe', topic: 'sync.status' }]);
    children[0]!.exit(1);
    await vi.advanceTimersByTimeAsync(500);
    children[1]!.emit({ ch: 'ready' });
    expect(children[1]!.api()).toEqual([{ type: 'subscribe', topic: 'sync.status' }]);
    children[1]!.emit({ ch: 'api', m: { type: 'event', topic: 'sync.status', payload: { n: 1 } } });
    expect(got).toEqual([{ n: 1 }]);
  });

  it('replays subscriptions made during a first start that crashed, and stops holding calls', async () => {
    const { supervisor, children, bridge } = setup();
    supervisor.start();
    bridge.subscribe('session.changed', () => undefined);
    const held = bridge.invoke('system.info', {});
    children[0]!.exit(1);
    await expect(held).resolves.toMatchObject({ ok: false, error: { code: 'service_unavailable' } });
    await vi.advanceTimersByTimeAsync(500);
    await expect(bridge.invoke('system.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'service_unavailable' },
    });
    children[1]!.emit({ ch: 'ready' });
    expect(children[1]!.api()).toEqual([{ type: 'subscribe', topic: 'session.changed' }]);
  });

  it('keeps trying when the process cannot even be spawned', async () => {
    let attempts = 0;
    const recovering: boolean[] = [];
    const supervisor = createHostSupervisor({
      spawn: () => {
        attempts++;
        throw new Error('ENOENT utility-entry.js');
      },
      answerKey: () => ({ ok: false, code: 'keystore_unavailable' }),
      onRecovering: (r) => recovering.push(r),
      log: () => undefined,
      policy: new RestartPolicy({ baseMs: 100, maxMs: 400, stableMs: 1_000 }),
    });
    const bridge = createWireBridge(supervisor.pipe, 20_000);
    supervisor.start();
    await expect(bridge.invoke('system.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'service_unavailable' },
    });
    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    expect(attempts).toBe(4);
    expect(recovering).toEqual([true]);
    await supervisor.stop();
  });

  it('ignores messages and exits from a host it already replaced', async () => {
    const { supervisor, children, recovering } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'ready' });
    children[0]!.exit(1);
    await vi.advanceTimersByTimeAsync(500);
    children[0]!.emit({ ch: 'ready' });
    children[0]!.exit(1);
    expect(supervisor.state).toBe('starting');
    expect(recovering).toEqual([true]);
    expect(children).toHaveLength(2);
  });

  it('resets the backoff after a host that served for the stable period', async () => {
    const { supervisor, children } = setup();
    supervisor.start();
    for (let i = 0; i < 3; i++) {
      children.at(-1)!.exit(1);
      await vi.advanceTimersToNextTimerAsync();
    }
    children.at(-1)!.emit({ ch: 'ready' });
    await vi.advanceTimersByTimeAsync(60_000);
    const before = Date.now();
    children.at(-1)!.exit(1);
    await vi.advanceTimersToNextTimerAsync();
    expect(Date.now() - before).toBe(500);
  });

  it('kills a host that never becomes ready and starts another', async () => {
    const { supervisor, children, lines } = setup({ readyTimeoutMs: 3_000 });
    supervisor.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(children[0]!.killed).toBe(true);
    children[0]!.exit(15);
    await vi.advanceTimersByTimeAsync(500);
    expect(children).toHaveLength(2);
    expect(lines.some((l) => l.includes('not ready'))).toBe(true);
  });

  it('answers keystore requests on the same port', () => {
    const { supervisor, children } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'key', id: 4, op: 'wrap', data: 'QUJD' });
    expect(children[0]!.posted).toEqual([
      { ch: 'key-reply', id: 4, result: { ok: true, data: 'WQUJD', backend: 'test' } },
    ]);
    children[0]!.emit({ ch: 'key', id: 5, op: 'wrap', data: 'not base64!' });
    children[0]!.emit({ nonsense: true });
    expect(children[0]!.posted).toHaveLength(1);
  });

  it('stops by asking the host to shut down, and does not restart it', async () => {
    const { supervisor, children, recovering } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'ready' });
    const stopped = supervisor.stop();
    expect(children[0]!.posted).toEqual([{ ch: 'shutdown' }]);
    children[0]!.exit(0);
    await stopped;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
    expect(recovering).toEqual([]);
    expect(supervisor.state).toBe('stopped');
  });

  it('kills a host that ignores shutdown, without hanging the quit', async () => {
    const { supervisor, children } = setup();
    supervisor.start();
    children[0]!.emit({ ch: 'ready' });
    const stopped = supervisor.stop();
    await vi.advanceTimersByTimeAsync(2_000);
    await stopped;
    expect(children[0]!.killed).toBe(true);
  });

  it('cancels a pending restart on stop', async () => {
    const { supervisor, children } = setup();
    supervisor.start();
    children[0]!.exit(1);
    await supervisor.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
  });
});
