/**
 * When to restart the service host after it died. Exponential backoff so a host that crashes
 * at start (bad config, broken disk) does not spin the CPU, capped so a kiosk never waits long
 * once the cause is gone, and reset after the host has been up for a while so one crash a day
 * always restarts quickly. No jitter: there is one host per machine, nothing to de-synchronise.
 */
export interface RestartPolicyOptions {
  baseMs: number;
  maxMs: number;
  /** A host that served this long before dying counts as healthy: the backoff starts over. */
  stableMs: number;
}

export const defaultRestartPolicy: RestartPolicyOptions = { baseMs: 500, maxMs: 30_000, stableMs: 60_000 };

export class RestartPolicy {
  // A TypeScript `private`, not `#failures`: electronegativity's parser (npm test) cannot read
  // class private fields in the main bundle, and a bundle it cannot parse is a bundle it cannot check.
  private failures = 0;

  constructor(private readonly options: RestartPolicyOptions = defaultRestartPolicy) {}

  /**
   * Delay before the next start, given how long the host that just died had been ready
   * (null when it never became ready).
   */
  nextDelay(readyForMs: number | null): number {
    if (readyForMs !== null && readyForMs >= this.options.stableMs) this.failures = 0;
    const delay = Math.min(this.options.maxMs, this.options.baseMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return delay;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
