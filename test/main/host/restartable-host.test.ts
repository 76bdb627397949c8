import { describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../main/host/dispatcher';
import { EventBus } from '../../../main/host/event-bus';
import type { Host } from '../../../main/host/host';
import { startRestartableHost } from '../../../main/host/restartable-host';

interface FakeHost {
  n: number;
  bus: EventBus;
  closed: boolean;
  requestRestart: () => void;
}

function fakes() {
  const made: FakeHost[] = [];
  let releaseStart: (() => void) | null = null;
  const start = async (onRestartRequested: () => void): Promise<Host> => {
    const n = made.length + 1;
    // The second start waits until the test lets it go, to show calls made meanwhile wait.
    if (n > 1) await new Promise<void>((resolve) => (releaseStart = resolve));
    const fake: FakeHost = { n, bus: new EventBus(), closed: false, requestRestart: onRestartRequested };
    made.push(fake);
    const dispatch: Dispatch = async (method) => ({ ok: true, value: { host: n, method } });
    return {
      dispatch,
      bus: fake.bus,
      speech: { read: (key: string) => Buffer.from(`${n}:${key}`) },
      close: async () => {
        fake.closed = true;
      },
    } as unknown as Host;
  };
  return { made, start, release: () => releaseStart?.() };
}

describe('npm start restarts its host behind the same transport', () => {
  it('calls made during the restart wait and reach the new host; events come from the host serving', async () => {
    const f = fakes();
    const failures: unknown[] = [];
    const hosts = await startRestartableHost(f.start, (e) => failures.push(e));
    const seen: string[] = [];
    hosts.bus.subscribeAll((topic, payload) => seen.push(`${topic} ${JSON.stringify(payload)}`));
    await expect(hosts.dispatch('system.info', {})).resolves.toEqual({
      ok: true,
      value: { host: 1, method: 'system.info' },
    });
    expect(hosts.speech.read('k')!.toString()).toBe('1:k');

    f.made[0]!.requestRestart();
    const during = hosts.dispatch('system.info', {});
    await new Promise((r) => setTimeout(r, 20));
    expect(f.made[0]!.closed).toBe(true);
    f.release();
    await expect(during).resolves.toEqual({ ok: true, value: { host: 2, method: 'system.info' } });
    expect(hosts.current()).not.toBeUndefined();
    expect(hosts.speech.read('k')!.toString()).toBe('2:k');

    f.made[0]!.bus.publish('host.recovering', { recovering: true, reason: 'data_folder_insecure' });
    f.made[1]!.bus.publish('notices.changed', { notices: [], urgent: null } as never);
    expect(seen[0]).toBe('host.recovering {"recovering":true,"reason":null}');
    expect(seen[1]).toBe('host.recovering {"recovering":false,"reason":null}');
    expect(seen).toHaveLength(3); // the old host's event is not forwarded
    expect(seen[2]).toMatch(/^notices\.changed /);
    expect(failures).toEqual([]);
    await hosts.close();
    expect(f.made[1]!.closed).toBe(true);
  });

  it('a second request during a restart starts no second host', async () => {
    const f = fakes();
    const hosts = await startRestartableHost(f.start, () => undefined);
    f.made[0]!.requestRestart();
    f.made[0]!.requestRestart();
    await new Promise((r) => setTimeout(r, 20));
    f.release();
    await hosts.dispatch('system.info', {});
    expect(f.made).toHaveLength(2);
  });
});
