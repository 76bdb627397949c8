import type { EnqueueInput, EnqueueResult, TxKind } from '../outbox/types';
import type { HealthPayload } from '../protocol/payloads';

export const HEALTH_INTERVAL_MS = 15 * 60_000;
/** Device changes settle this long before a report: a reader reconnecting flaps through several states. */
export const HEALTH_DEBOUNCE_MS = 30_000;

export interface HealthOutbox {
  enqueue(input: EnqueueInput): EnqueueResult;
  hasUnsent(kind: TxKind): boolean;
}

export interface HealthReporterOptions {
  readonly outbox: HealthOutbox;
  /** Reads the current health (called only when a report is actually queued). */
  readonly collect: () => HealthPayload;
  readonly intervalMs?: number;
  readonly debounceMs?: number;
}

export type ReportOutcome = 'enqueued' | 'owed';

/**
 * Queues a `health` item every 15 minutes and shortly after device changes (the first one a full
 * interval after start, so a restart loop cannot flood the outbox). At most one health
 * item waits in the outbox: while one is unsent the report is owed instead, and the owed report
 * is queued (fresh, not the stale one) once the waiting item has gone. Replacing the unsent item
 * would mean rewriting an outbox row the sender may already have frozen into a batch.
 */
export class HealthReporter {
  readonly #o: Required<HealthReporterOptions>;
  #interval: ReturnType<typeof setInterval> | null = null;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #owed = false;

  constructor(options: HealthReporterOptions) {
    this.#o = { intervalMs: HEALTH_INTERVAL_MS, debounceMs: HEALTH_DEBOUNCE_MS, ...options };
  }

  start(): void {
    if (this.#interval) return;
    this.#interval = setInterval(() => this.report(), this.#o.intervalMs);
    this.#interval.unref?.();
  }

  stop(): void {
    if (this.#interval) clearInterval(this.#interval);
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#interval = null;
    this.#debounce = null;
  }

  /** A device changed state: report once things have been quiet for the debounce time. */
  deviceChanged(): void {
    if (!this.#interval) return;
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      this.report();
    }, this.#o.debounceMs);
    this.#debounce.unref?.();
  }

  /** The outbox moved (sync status): pays an owed report once no health item waits any more. */
  queueChanged(): void {
    if (this.#owed && this.#interval) this.report();
  }

  report(): ReportOutcome {
    if (this.#o.outbox.hasUnsent('health')) {
      this.#owed = true;
      return 'owed';
    }
    this.#owed = false;
    this.#o.outbox.enqueue({ kind: 'health', serviceCode: null, catalogVersion: null, payload: this.#o.collect() });
    return 'enqueued';
  }
}
