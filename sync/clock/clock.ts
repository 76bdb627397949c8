import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

/**
 * Time sources, injectable for tests. `wallNow` is only ever recorded (device_time), never used
 * to decide anything; `monoNow` (CLOCK_MONOTONIC via process.hrtime) drives retries, timeouts
 * and the age of the clock offset. On Linux hrtime is system-wide since boot, so a monotonic
 * reading persisted with the boot id stays comparable across process restarts in one boot.
 */
export interface Clocks {
  wallNow(): number;
  monoNow(): number;
}

export const systemClocks: Clocks = {
  wallNow: () => Date.now(),
  monoNow: () => Number(process.hrtime.bigint() / 1_000_000n),
};

let cachedBootId: string | undefined;

/** The kernel's boot id; a random id per process where the kernel does not provide one. */
export function readBootId(): string {
  if (cachedBootId) return cachedBootId;
  try {
    cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    cachedBootId = `proc-${randomUUID()}`;
  }
  return cachedBootId;
}
