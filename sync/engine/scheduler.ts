import type { Clocks } from '../clock/clock';
import { fullJitterDelay, probeDelay } from '../client/backoff';
import type { SyncFailure } from '../client/errors';
import type { Outcome } from '../client/platform-client';
import type { SyncLogger } from '../logger';
import type { SyncConfig } from './config';
import type { CycleReport } from './status';

export interface SchedulerDeps {
  readonly config: SyncConfig;
  readonly clocks: Clocks;
  readonly random: () => number;
  readonly log: SyncLogger;
  /** Not enrolled: the loop only waits (and says so). */
  readonly enrolled: () => boolean;
  readonly onUnenrolled: () => void;
  readonly runCycle: () => Promise<CycleReport>;
  /** A cycle threw (a bug or a storage failure): recorded like any failure. */
  readonly onCycleCrash: (failure: SyncFailure) => void;
  /** The cheap unsigned probe; null when there is no client to probe with. */
  readonly ping: () => Promise<Outcome<null>> | null;
  /** Early in an outage with uploads waiting: retry within seconds. */
  readonly inFastOutage: () => boolean;
  readonly setConnectTimeoutMs: (ms: number | null) => void;
  /** Time until deferred items are due to be offered again (0: now or no timer). */
  readonly deferredRetryDueInMs: () => number;
  /** nextAttemptInMs changed (status). */
  readonly onChange: () => void;
}

/**
 * When the engine runs a cycle: at once after work was enqueued, every idlePollMs while idle, after
 * a full-jitter backoff (cut short by a successful probe) while the link is down, every
 * unauthorizedRetryMs while the platform refuses the device; `wakeUp()` (syncNow) ends any wait.
 */
export class Scheduler {
  readonly #d: SchedulerDeps;
  #running = false;
  #loopDone: Promise<void> = Promise.resolve();
  #wake: (() => void) | null = null;
  #wakeRequested = false;
  #idle = false;
  #enqueuedDuringCycle = false;
  #nextAttemptAt: number | null = null;

  constructor(deps: SchedulerDeps) {
    this.#d = deps;
  }

  get running(): boolean {
    return this.#running;
  }

  get nextAttemptInMs(): number | null {
    return this.#nextAttemptAt === null ? null : Math.max(0, this.#nextAttemptAt - this.#d.clocks.monoNow());
  }

  start(): void {
    this.#running = true;
    this.#wakeRequested = false;
    this.#loopDone = this.#loop();
  }

  /** Ends the loop after its current step; resolves when it has ended. */
  halt(): Promise<void> {
    this.#running = false;
    this.wakeUp();
    return this.#loopDone;
  }

  /** Ends the loop's current wait; if it is mid-cycle, its next wait returns at once. */
  wakeUp(): void {
    if (this.#wake) this.#wake();
    else if (this.#running) this.#wakeRequested = true;
  }

  /** A cycle is starting: what it will see needs no further cycle. */
  cycleStarted(): void {
    this.#enqueuedDuringCycle = false;
  }

  onEnqueue(): void {
    this.#enqueuedDuringCycle = true;
    // Only an idle loop is woken (after the host's transaction commits: better-sqlite3 is
    // synchronous, so setImmediate runs after it). A new item never cuts a backoff short —
    // while down, the probe decides.
    if (this.#running && this.#idle) {
      setImmediate(() => {
        if (this.#idle) this.#wake?.();
      });
    }
  }

  async #loop(): Promise<void> {
    const { config } = this.#d;
    let attempt = 0;
    while (this.#running) {
      if (!this.#d.enrolled()) {
        this.#d.onUnenrolled();
        await this.#sleep(config.idlePollMs);
        continue;
      }
      let report: CycleReport;
      try {
        report = await this.#d.runCycle();
      } catch (error) {
        // A bug or a storage failure must not end the loop silently: log, back off, try again.
        this.#d.log.error(
          { err: (error as Error).name, detail: (error as Error).message },
          'sync: cycle failed unexpectedly',
        );
        const failure: SyncFailure = { kind: 'transient', code: 'internal_error', message: (error as Error).message };
        this.#d.onCycleCrash(failure);
        report = {
          ok: false,
          acked: 0,
          rejected: 0,
          deferred: 0,
          batches: 0,
          blobsUploaded: 0,
          changesApplied: 0,
          failure,
        };
      }
      if (!this.#running) break;
      if (report.ok) {
        attempt = 0;
        // Something was enqueued after the cycle last looked: go again at once.
        if (this.#enqueuedDuringCycle) continue;
        const deferredDue = this.#d.deferredRetryDueInMs();
        this.#idle = true;
        await this.#sleep(Math.min(config.idlePollMs, deferredDue || config.deferredRetryMs));
        this.#idle = false;
        continue;
      }
      const failure = report.failure!;
      if (failure.kind === 'auth') {
        await this.#sleep(config.unauthorizedRetryMs);
        continue;
      }
      attempt++;
      // Early in an outage with work waiting: retry within a few seconds (a SYN into a dead link
      // costs nothing), so a returning link is noticed at once; later, the full backoff and probes.
      const cap = this.#d.inFastOutage() ? Math.min(config.backoffCapMs, config.outageRetryCapMs) : config.backoffCapMs;
      const backoff = Math.max(
        failure.retryAfterMs ?? 0,
        fullJitterDelay(attempt, config.backoffBaseMs, cap, this.#d.random),
      );
      await this.#waitWithProbes(backoff);
      this.#d.setConnectTimeoutMs(this.#d.inFastOutage() ? config.outageConnectTimeoutMs : null);
    }
  }

  /** Backoff while down, cut short by a successful cheap probe (every probeMin–probeMax ms). */
  async #waitWithProbes(totalMs: number): Promise<void> {
    const { config, clocks } = this.#d;
    const until = clocks.monoNow() + totalMs;
    this.#nextAttemptAt = until;
    this.#d.onChange();
    while (this.#running) {
      const remaining = until - clocks.monoNow();
      if (remaining <= 0) break;
      const probeIn = probeDelay(config.probeMinMs, config.probeMaxMs, this.#d.random);
      const woken = await this.#sleep(Math.min(remaining, probeIn));
      if (woken || !this.#running) break;
      if (until - clocks.monoNow() <= 0) break;
      const probe = this.#d.ping();
      if (!probe) break;
      const ping = await probe;
      if (ping.ok) {
        this.#d.log.info({ rtt_ms: ping.value.rttMs }, 'sync: probe succeeded, retrying now');
        break;
      }
    }
    this.#nextAttemptAt = null;
  }

  /** Resolves true when woken early. */
  #sleep(ms: number): Promise<boolean> {
    if (this.#wakeRequested) {
      this.#wakeRequested = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#wake = null;
        resolve(false);
      }, ms);
      this.#wake = () => {
        clearTimeout(t);
        this.#wake = null;
        resolve(true);
      };
    });
  }
}
