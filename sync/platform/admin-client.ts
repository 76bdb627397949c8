// Typed client of the platform's admin API, for tests, demos and the netlab harness.
import type { z } from 'zod';
import type { Announcement, CatalogSeed, CatalogSeedSchema, TxProgress, TxStatus } from '../protocol/wire';
import type { FaultConfig, FaultConfigInput, FaultKind } from './faults';
import type { PlatformStats } from './state';
import type { StationHealthReport } from './station-health';

/** One 好差评 as the platform stored it (protocol 1.1 §3 evaluation payload). */
export interface AdminEvaluation {
  tx_id: string;
  server_ref: string;
  /** tx_id of the rated application. */
  depends_on: string;
  received_at: string;
  level: 1 | 2 | 3 | 4 | 5;
  reasons: string[];
  channel: 'self' | 'agent';
}

export interface AdminTransaction {
  id: number;
  device_id: string;
  tx_id: string;
  seq: number;
  kind: string;
  service_code: string | null;
  catalog_version: number | null;
  payload_sha256: string;
  attachments: unknown;
  depends_on: string | null;
  server_ref: string;
  batch_id: string;
  received_at: string;
  device_time: string | null;
  boot_id: string | null;
  clock_offset_ms: number | null;
  clock_age_s: number | null;
  status: string;
  status_note: string | null;
  status_at: string;
  payload?: unknown;
}

export interface AdminDevice {
  device_id: string;
  region_code: string;
  station_name: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_created_skew_s: number | null;
  /** Reasons an administrator should look at this station, e.g. `audit_chain_broken`. */
  flags: { code: string; detail: string; flagged_at: string }[];
}

export class PlatformAdminError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'PlatformAdminError';
  }
}

export class PlatformAdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new PlatformAdminError(res.status, e?.code ?? 'unknown', e?.message ?? text);
    }
    return json as T;
  }

  health() {
    return this.call<{ ok: boolean; platform_public_key: string }>('GET', '/admin/health');
  }
  seedCatalog(seed: z.input<typeof CatalogSeedSchema> | CatalogSeed) {
    return this.call<{ services: number; forms: number }>('POST', '/admin/catalog', seed);
  }
  issueEnrolmentCodes(opts: { count?: number; codes?: string[]; note?: string } = {}) {
    return this.call<{ codes: string[] }>('POST', '/admin/enrollment-codes', opts).then((r) => r.codes);
  }
  listDevices() {
    return this.call<{ devices: AdminDevice[] }>('GET', '/admin/devices').then((r) => r.devices);
  }
  /** Stations whose last health is older than `lateMinutes` (platform default when omitted), never came, or reports a device fault. */
  stationsNeedingAttention(lateMinutes?: number) {
    const query = lateMinutes === undefined ? '' : `?late_minutes=${encodeURIComponent(String(lateMinutes))}`;
    return this.call<{ late_minutes: number; stations: StationHealthReport[] }>(
      'GET',
      `/admin/stations/attention${query}`,
    );
  }
  revokeDevice(deviceId: string) {
    return this.call<{ device_id: string; revoked: true }>(
      'POST',
      `/admin/devices/${encodeURIComponent(deviceId)}/revoke`,
    );
  }
  listTransactions(
    q: { device_id?: string; tx_id?: string; after_id?: number; limit?: number; include_payload?: boolean } = {},
  ) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q))
      if (v !== undefined) p.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
    return this.call<{ transactions: AdminTransaction[] }>('GET', `/admin/transactions?${p.toString()}`).then(
      (r) => r.transactions,
    );
  }
  /** The evaluations (好差评) one station sent, oldest first. */
  listEvaluations(deviceId: string) {
    return this.call<{ evaluations: AdminEvaluation[] }>(
      'GET',
      `/admin/evaluations?device_id=${encodeURIComponent(deviceId)}`,
    ).then((r) => r.evaluations);
  }
  /** The platform's view of a station's audit chain: the last accepted entry and any flags. */
  auditChain(deviceId: string) {
    return this.call<{
      head: { last_index: number; last_hash: string; updated_at: string } | null;
      flags: AdminDevice['flags'];
    }>('GET', `/admin/audit-chain?device_id=${encodeURIComponent(deviceId)}`);
  }
  listOutcomes(deviceId: string) {
    return this.call<{ outcomes: Array<{ seq: number; tx_id: string; outcome: string; code: string | null }> }>(
      'GET',
      `/admin/outcomes?device_id=${encodeURIComponent(deviceId)}`,
    ).then((r) => r.outcomes);
  }
  /** Moves a transaction (by server_ref or tx_id); a tx_status change flows back to its station. */
  setTransactionStatus(ref: string, status: TxProgress, note: string | null = null) {
    return this.call<TxStatus>('POST', `/admin/transactions/${encodeURIComponent(ref)}/status`, { status, note });
  }
  publishAnnouncement(
    a: Omit<Announcement, 'published_at' | 'priority' | 'expires_at'> & Partial<Announcement> & { device_id?: string },
  ) {
    return this.call<{ id: string; version: number }>('POST', '/admin/announcements', a);
  }
  withdrawAnnouncement(id: string, deviceId?: string) {
    return this.call<{ id: string; deleted: true }>(
      'DELETE',
      `/admin/announcements/${encodeURIComponent(id)}${deviceId ? `?device_id=${encodeURIComponent(deviceId)}` : ''}`,
    );
  }
  setConfig(values: Record<string, unknown>, deviceId?: string) {
    return this.call<{ versions: Record<string, number> }>('POST', '/admin/config', { values, device_id: deviceId });
  }
  /** Agents' ID numbers are hashed by the platform (scrypt, per-agent salt) and never stored. */
  publishAgents(
    agents: Array<{
      id: string;
      name: string;
      id_number: string;
      roles?: Array<'agent' | 'supervisor' | 'technician'>;
      active?: boolean;
      /** 6–12 digits; hashed by the platform. */
      pin?: string;
      /** The agent's station (12-digit region code). */
      station_region?: string;
    }>,
    deviceId?: string,
  ) {
    return this.call<{ agents: Array<{ id: string }> }>('POST', '/admin/agents', { agents, device_id: deviceId });
  }
  listAgents() {
    return this.call<{
      agents: Array<{
        id: string;
        name: string;
        roles: string[];
        active: boolean;
        station_region: string | null;
        pin_set: boolean;
        device_id: string | null;
      }>;
    }>('GET', '/admin/agents');
  }
  /** Deactivated agents can no longer sign in once the terminal has the change. */
  setAgentActive(id: string, active: boolean) {
    return this.call<{ id: string; active: boolean; records: number }>(
      'POST',
      `/admin/agents/${encodeURIComponent(id)}/${active ? 'activate' : 'deactivate'}`,
    );
  }
  setFaults(config: FaultConfigInput) {
    return this.call<{ faults: FaultConfig }>('POST', '/admin/faults', config).then((r) => r.faults);
  }
  clearFaults() {
    return this.call<{ faults: null }>('DELETE', '/admin/faults');
  }
  stats() {
    return this.call<PlatformStats & { faults_fired: Record<FaultKind, number> }>('GET', '/admin/stats');
  }
  /** Every cursor issued so far answers 410 cursor_expired from now on. */
  expireCursors() {
    return this.call<{ epoch: number }>('POST', '/admin/cursors/expire');
  }
  compactChanges() {
    return this.call<{ purged: number; floor: number }>('POST', '/admin/changes/compact');
  }
  blob(sha256: string) {
    return this.call<{ sha256: string; length: number; mime: string; offset: number; complete: boolean }>(
      'GET',
      `/admin/blobs/${sha256}`,
    );
  }
}
