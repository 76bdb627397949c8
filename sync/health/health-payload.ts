// The terminal's side of the `health` item (protocol 1.1 §3). Built only from counters, states
// and sizes: nothing in it can name a villager, and the platform's strict schema checks it again.
import { HealthPayloadSchema, type HealthPayload } from '../protocol/payloads';
import type { OutboxCounts } from '../outbox/types';

export type HealthDevice = 'idcard' | 'printer' | 'scanner';

/** A driver's status as the health report says it (busy is ok: a card being read is no news). */
export type HealthDeviceState = 'ok' | 'absent' | 'fault';

export interface HealthInputs {
  readonly nowMs: number;
  readonly version: string;
  readonly uptimeS: number;
  readonly devices: Partial<Record<HealthDevice, HealthDeviceState>>;
  readonly queue: OutboxCounts;
  readonly diskFreeMb: number;
  /** server − device, or null when the platform's time was not measured this boot. */
  readonly clockOffsetMs: number | null;
  /** The last remote configuration outcome, when there was one. */
  readonly config?: HealthPayload['config'];
}

export function buildHealthPayload(i: HealthInputs): HealthPayload {
  const oldest = i.queue.oldestPending ? Date.parse(i.queue.oldestPending.deviceTime) : NaN;
  const payload = {
    at: new Date(i.nowMs).toISOString(),
    version: i.version,
    uptime_s: Math.max(0, Math.floor(i.uptimeS)),
    devices: { ...i.devices },
    // Everything not yet accepted by the platform counts as pending, whatever the sender is doing with it.
    queue: {
      pending: i.queue.pending + i.queue.inflight + i.queue.deferred,
      oldest_age_s: Number.isFinite(oldest) ? Math.max(0, Math.round((i.nowMs - oldest) / 1000)) : null,
      rejected: i.queue.rejected,
    },
    disk_free_mb: Math.max(0, Math.floor(i.diskFreeMb)),
    clock_offset_ms: i.clockOffsetMs === null ? null : Math.round(i.clockOffsetMs),
    ...(i.config ? { config: i.config } : {}),
  };
  // A payload the platform would refuse is a bug here, not something to queue and find later.
  return HealthPayloadSchema.parse(payload);
}
