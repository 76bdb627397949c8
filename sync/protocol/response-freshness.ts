// Protocol 1.1 §2: a platform response whose signature `created` is more than 300 s away from the
// platform time the terminal currently estimates is refused. The estimate (§6) comes from earlier
// signed server_time values and the monotonic clock, never from the terminal's wall clock alone,
// so a dead RTC cannot make every answer look stale. Without an estimate there is nothing to check.

export const RESPONSE_MAX_SKEW_S = 300;

export type FreshnessCheck = { ok: true } | { ok: false; reason: 'created_missing' | 'created_stale' };

/** `created` in Unix seconds; `platformNowMs` the estimated platform time, or null when there is none yet. */
export function checkResponseFreshness(created: number | undefined, platformNowMs: number | null): FreshnessCheck {
  if (platformNowMs === null) return { ok: true };
  if (created === undefined) return { ok: false, reason: 'created_missing' };
  return Math.abs(created * 1000 - platformNowMs) > RESPONSE_MAX_SKEW_S * 1000
    ? { ok: false, reason: 'created_stale' }
    : { ok: true };
}
