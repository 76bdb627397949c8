// The latest health each station reported (protocol 1.1 §3), and the county's list of stations to
// look at: silent for too long, or a device not working.
import type { Database as Db } from 'better-sqlite3';
import type { HealthPayload } from '../protocol/payloads';

/** Device words that mean "working"; anything else a station reports is a fault to look at. */
const HEALTHY_DEVICE_STATES = new Set(['ok', 'busy']);
export const DEFAULT_LATE_MINUTES = 45;

/**
 * Keeps the newest report per station (same transaction as the health item itself). A report older
 * than the one held (by its own `at`) is stored as a transaction but does not replace it.
 */
export function recordStationHealth(db: Db, deviceId: string, payload: HealthPayload, receivedAt: string): void {
  db.prepare(
    `INSERT INTO station_health (device_id, at, received_at, payload) VALUES (?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET at = excluded.at, received_at = excluded.received_at, payload = excluded.payload
     WHERE excluded.at >= station_health.at`,
  ).run(deviceId, payload.at, receivedAt, JSON.stringify(payload));
}

export type StationConcern = 'never_reported' | 'late' | 'device_fault' | 'config_refused';

export interface StationHealthReport {
  readonly device_id: string;
  readonly region_code: string;
  readonly station_name: string;
  readonly concerns: StationConcern[];
  /** Devices whose state is not a healthy word, with that word. */
  readonly faulty_devices: Record<string, string>;
  readonly received_at: string | null;
  readonly health: HealthPayload | null;
}

/**
 * Stations (enrolled, not revoked) whose last health arrived more than `lateMinutes` ago by the
 * platform's clock, never arrived, reports a device fault, or refused the last remote configuration. Lateness uses the platform's receive
 * time: the station's own clock may be the thing that is wrong.
 */
export function stationsNeedingAttention(db: Db, lateMinutes: number, nowMs: number): StationHealthReport[] {
  const rows = db
    .prepare(
      `SELECT d.device_id, d.region_code, d.station_name, h.received_at, h.payload
         FROM devices d LEFT JOIN station_health h ON h.device_id = d.device_id
        WHERE d.revoked_at IS NULL ORDER BY d.region_code, d.device_id`,
    )
    .all() as {
    device_id: string;
    region_code: string;
    station_name: string;
    received_at: string | null;
    payload: string | null;
  }[];
  const out: StationHealthReport[] = [];
  for (const r of rows) {
    const health = r.payload ? (JSON.parse(r.payload) as HealthPayload) : null;
    const concerns: StationConcern[] = [];
    if (!health || !r.received_at) concerns.push('never_reported');
    else if (nowMs - Date.parse(r.received_at) > lateMinutes * 60_000) concerns.push('late');
    const faulty = Object.fromEntries(
      Object.entries(health?.devices ?? {}).filter(([, state]) => !HEALTHY_DEVICE_STATES.has(state)),
    );
    if (Object.keys(faulty).length > 0) concerns.push('device_fault');
    // The station kept its old settings: the county published a value it refused.
    if (health?.config?.outcome === 'refused') concerns.push('config_refused');
    if (concerns.length === 0) continue;
    out.push({
      device_id: r.device_id,
      region_code: r.region_code,
      station_name: r.station_name,
      concerns,
      faulty_devices: faulty,
      received_at: r.received_at,
      health,
    });
  }
  return out;
}
