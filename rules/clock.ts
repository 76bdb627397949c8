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

/**
 * China keeps one time zone (UTC+8) and no summer time. Every time a person reads on the kiosk, and
 * every station day, is in China time whatever zone the device or a test container runs in.
 */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** The China calendar day of an instant, `YYYY-MM-DD` (the host's `day` column computes the same). */
export function chinaDay(instantMs: number): string {
  return new Date(instantMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` in China time (receipts); the input unchanged when it is not a time. */
export function chinaStamp(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** `2026年12月5日 09:05` in China time (screens); the input unchanged when it is not a time. */
export function chinaDateTimeText(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + CHINA_OFFSET_MS);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}
