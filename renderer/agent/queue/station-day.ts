/** The station's calendar day (UTC+8, as the host's `day`): China keeps one time zone, no summer time. */
export function stationDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
