import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFailure } from '../../../sync/client/errors';
import type { Outcome } from '../../../sync/client/platform-client';
import { resolveConfig } from '../../../sync/engine/config';
import type { SyncConfigInput } from '../../../sync/engine/config';
import { Scheduler } from '../../../sync/engine/scheduler';
import type { SchedulerDeps } from '../../../sync/engine/scheduler';
import type { CycleReport } from '../../../sync/engine/status';
import { systemClocks } from '../../../sync/clock/clock';
import { waitFor } from '../harness';

// Real timers, short intervals where a wait must end and long ones where it must not: a wait that
// ends early is visible as a cycle that runs before its long interval could have passed.

const LONG = 60_000;
const counts = { acked: 0, rejected: 0, deferred: 0, batches: 0, blobsUploaded: 0, changesApplied: 0 };
const okReport: CycleReport = { ok: true, ...counts };
const failed = (failure: SyncFailure): CycleReport => ({ ok: false, ...counts, failure });
const down = failed({ kind: 'transient', code: 'network', message: 'ECONNRESET' });
const pingOk: Outcome<null> = { ok: true, value: { body: null, status: 204, rttMs: 3, headers: {} } };
const pingDown: Outcome<null> = { ok: false, error: { kind: 'transient', code: 'network', message: 'x' } };

let running: Scheduler | null = null;
afterEach(async () => {
  await running?.halt();
  running = null;
});

function schedule(
  reports: (CycleReport | (() => CycleReport))[],
  config: Partial<SyncConfigInput>,
  over: Partial<SchedulerDeps> = {},
) {
  const cycles: number[] = [];
  const connectTimeouts: (number | null)[] = [];
  const crashes: string[] = [];
  const s: Scheduler = new Scheduler({
    config: resolveConfig({
      platformUrl: 'http://127.0.0.1:9',
      idlePollMs: LONG,
      deferredRetryMs: LONG,
      backoffBaseMs: LONG,
      backoffCapMs: LONG,
      probeMinMs: LONG,
      probeMaxMs: LONG,
      unauthorizedRetryMs: LONG,
      ...config,
    }),
    clocks: systemClocks,
    random: () => 0.999,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    enrolled: () => true,
    onUnenrolled: () => undefined,
    runCycle: () => {
      s.cycleStarted();
      cycles.push(systemClocks.monoNow());
      const next = reports.shift() ?? okReport;
      return Promise.resolve(typeof next === 'function' ? next() : next);
    },
    onCycleCrash: (f) => crashes.push(f.code),
    ping: () => Promise.resolve(pingDown),
    inFastOutage: () => false,
    setConnectTimeoutMs: (ms) => connectTimeouts.push(ms),
    deferredRetryDueInMs: () => 0,
    onChange: () => undefined,
    ...over,
  });
  running = s;
  return { s, cycles, connectTimeouts, crashes };
}

describe('Scheduler', () => {
  it('idle: waits idlePollMs; wakeUp() ends the wait at once', async () => {
    const { s, cycles } = schedule([], {});
    s.start();
    await waitFor(() => cycles.length === 1, 2000, 'first cycle');
    await new Promise((r) => setTimeout(r, 100));
    expect(cycles).toHaveLength(1);
    s.wakeUp();
    await waitFor(() => cycles.length === 2, 2000, 'woken cycle');
  });

  it('an item enqueued during a cycle makes the loop go again at once; an idle loop is woken by it', async () => {
    const holder: { s?: Scheduler } = {};
    const t = schedule([() => (holder.s!.onEnqueue(), okReport)], {});
    holder.s = t.s;
    t.s.start();
    await waitFor(() => t.cycles.length === 2, 2000, 'second cycle without a wait');
    t.s.onEnqueue();
    await waitFor(() => t.cycles.length === 3, 2000, 'idle loop woken by an enqueue');
  });

  it('while down: a long backoff with nextAttemptInMs, cut short by a successful probe; enqueues do not cut it', async () => {
    let pings = 0;
    const t = schedule(
      [down],
      { probeMinMs: 30, probeMaxMs: 30 },
      { ping: () => Promise.resolve(++pings < 3 ? pingDown : pingOk) },
    );
    t.s.start();
    await waitFor(() => t.cycles.length === 1, 2000, 'first cycle');
    await waitFor(() => t.s.nextAttemptInMs !== null, 2000, 'backoff');
    expect(t.s.nextAttemptInMs).toBeGreaterThan(LONG / 2);
    t.s.onEnqueue();
    await waitFor(() => t.cycles.length === 2, 3000, 'cycle after the probe');
    expect(pings).toBe(3);
    expect(t.s.nextAttemptInMs).toBeNull();
    expect(t.connectTimeouts).toEqual([null]);
  });

  it('early in an outage with work waiting: the backoff is capped at outageRetryCapMs and connects give up sooner', async () => {
    const t = schedule(
      [down, down],
      { outageRetryCapMs: 40, outageConnectTimeoutMs: 6000 },
      { inFastOutage: () => true },
    );
    t.s.start();
    await waitFor(() => t.cycles.length === 3, 3000, 'fast retries');
    expect(t.connectTimeouts.slice(0, 2)).toEqual([6000, 6000]);
  });

  it('a refused device waits unauthorizedRetryMs, not the backoff; a crashing cycle is recorded and retried', async () => {
    const auth = schedule([failed({ kind: 'auth', code: 'device_revoked', message: 'x' })], {
      probeMinMs: 10,
      probeMaxMs: 10,
      unauthorizedRetryMs: 50,
    });
    auth.s.start();
    await waitFor(() => auth.cycles.length === 2, 2000, 'retry after unauthorizedRetryMs');
    await auth.s.halt();

    const crash = schedule(
      [
        () => {
          throw new Error('disk I/O error');
        },
      ],
      { backoffBaseMs: 20, backoffCapMs: 20 },
    );
    crash.s.start();
    await waitFor(() => crash.cycles.length === 2, 2000, 'retry after a crash');
    expect(crash.crashes).toEqual(['internal_error']);
  });

  it('halt() ends the loop mid-wait; no further cycle runs', async () => {
    const { s, cycles } = schedule([], {});
    s.start();
    await waitFor(() => cycles.length === 1, 2000, 'first cycle');
    await s.halt();
    expect(s.running).toBe(false);
    s.wakeUp();
    await new Promise((r) => setTimeout(r, 50));
    expect(cycles).toHaveLength(1);
  });
});
