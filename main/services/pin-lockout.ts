import type { LockoutState, LockoutStore } from '../store/technician-lockout-store';

/** Each lockout in a row lasts longer; the last step repeats. */
export const LOCKOUT_STEPS_MS = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  8 * 3_600_000,
  24 * 3_600_000,
] as const;

/**
 * The persisted PIN lockout of #8 as plain steps, so every PIN at this terminal (technician,
 * station agents) waits the same growing times: 1 min, 5 min, 30 min, 2 h, 8 h, 24 h.
 */
export function lockedForMs(store: LockoutStore, now: number): number {
  let state = store.load();
  const longest = LOCKOUT_STEPS_MS[LOCKOUT_STEPS_MS.length - 1]!;
  if (state.lockedUntilMs - now > longest) {
    // The wall clock went back (flat RTC battery): wait the longest step, not for years.
    state = { ...state, lockedUntilMs: now + longest };
    store.save(state);
  }
  return Math.max(0, state.lockedUntilMs - now);
}

/** Counts one wrong PIN; at `limit` the next lockout starts. True when this failure locked. */
export function countWrongPin(store: LockoutStore, now: number, limit: number): boolean {
  const state: LockoutState = store.load();
  const failures = state.failures + 1;
  if (failures < limit) {
    store.save({ ...state, failures });
    return false;
  }
  const until = now + LOCKOUT_STEPS_MS[Math.min(state.level, LOCKOUT_STEPS_MS.length - 1)]!;
  store.save({ failures: 0, level: state.level + 1, lockedUntilMs: until });
  return true;
}

export function clearWrongPins(store: LockoutStore): void {
  store.save({ failures: 0, level: 0, lockedUntilMs: 0 });
}

/** 5分钟 / 2小时: how long to wait, in words for the message. */
export function waitText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes >= 120 ? `${Math.ceil(minutes / 60)}小时` : `${minutes}分钟`;
}
