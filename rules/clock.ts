/**
 * The station clock against the platform's. Offsets are platform − device in ms, measured by sync
 * from signed server times; null means not measured since this boot.
 *
 * Pure module (rules/): no Node, DOM or Electron imports.
 */

/** Beyond this the technician is warned: dates on screens would be visibly wrong to a villager. */
export const CLOCK_WARNING_OFFSET_MS = 5 * 60_000;

export function clockNeedsAttention(offsetMs: number | null): boolean {
  return offsetMs !== null && Math.abs(offsetMs) > CLOCK_WARNING_OFFSET_MS;
}

/** The platform's time for a device reading; the device's own when no offset is known. */
export function platformTime(deviceMs: number, offsetMs: number | null): number {
  return offsetMs === null ? deviceMs : deviceMs + offsetMs;
}
