// Admin API under /admin/: loopback only (unless allowed) and guarded by a bearer token. Used by
// tests, demos and the netlab harness to seed data, drive transaction progress and switch faults.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { publicKeySha256Hex } from '../protocol/keys';
import { headerValue } from '../protocol/message-signatures';
import {
  AGENT_HASH_ALG,
  AnnouncementSchema,
  CatalogSeedSchema,
  EVALUATION_REASONS_CONFIG_KEY,
  BUNDLES_CONFIG_KEY,
  TxProgressSchema,
} from '../protocol/wire';
import type { Agent, TxStatus } from '../protocol/wire';
import { auditHead, deviceFlags } from './audit-chain';
import { ALL_DEVICES } from './change-log';
import { getMeta, setMeta } from './db';
import { newEnrolmentCode, normalizeEnrolmentCode } from './device-api';
import { FaultConfigSchema } from './faults';
import { decodeBody, HttpError, isLoopback, parseJson } from './http-util';
import type { Reply } from './reply';
import type { PlatformState } from './state';
import { DEFAULT_LATE_MINUTES, stationsNeedingAttention } from './station-health';
import { cursorEpoch } from './state';

/** Hash of an agent's ID number as carried in the `agents` dataset (see AGENT_HASH_ALG). */
export function hashAgentIdNumber(idNumber: string, saltHex: string): string {
  return scryptSync(idNumber.trim().toUpperCase(), Buffer.from(saltHex, 'hex'), 32, { N: 16384, r: 8, p: 1 }).toString(
    'hex',
  );
}

/** Hash of an agent's sign-in PIN (same scrypt parameters, its own salt). */
export function hashAgentPin(pin: string, saltHex: string): string {
  return scryptSync(pin, Buffer.from(saltHex, 'hex'), 32, { N: 16384, r: 8, p: 1 }).toString('hex');
}

function body<T extends z.ZodType>(schema: T, raw: Buffer, req: IncomingMessage): z.infer<T> {
  const json = raw.length ? parseJson(decodeBody(raw, headerValue(req.headers, 'content-encoding'))) : {};
  const r = schema.safeParse(json);
  if (!r.success)
    throw new HttpError('bad_request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function seedCatalog(
  state: PlatformState,
  seed: z.infer<typeof CatalogSeedSchema>,
): { services: number; forms: number } {
  state.db.transaction(() => {
    for (const f of seed.forms) state.changes.upsert('forms', f.id, f, { version: f.version });
    for (const s of seed.services) state.changes.upsert('catalog', s.code, s, { version: s.version });
    if (seed.evaluation_reasons) state.changes.upsert('config', EVALUATION_REASONS_CONFIG_KEY, seed.evaluation_reasons);
    if (seed.bundles) state.changes.upsert('config', BUNDLES_CONFIG_KEY, seed.bundles);
  })();
  return { services: seed.services.length, forms: seed.forms.length };
}

export { seedCatalog };

const scopeOf = (deviceId: string | undefined) => deviceId ?? ALL_DEVICES;

const AgentInput = z.object({
  id: z.string().min(1).max(64),
  name: z.string(),
  /** Plain ID number: hashed here and never stored or logged. */
  id_number: z.string().regex(/^\d{17}[\dXx]$/),
  roles: z.array(z.enum(['agent', 'supervisor', 'technician'])).default(['agent']),
  active: z.boolean().default(true),
  /** Plain sign-in PIN (6–12 digits): hashed here like the ID number, never stored. */
  pin: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  /** Region code of the station the agent belongs to. */
  station_region: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});

const StatusInput = z.object({ status: TxProgressSchema, note: z.string().max(500).nullable().default(null) });

interface TxRow {
  id: number;
  device_id: string;
  tx_id: string;
  seq: number;
  kind: string;
  service_code: string | null;
  catalog_version: number | null;
  payload: string;
  payload_sha256: string;
  attachments: string;
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
}

function txView(r: TxRow, includePayload: boolean) {
  const { payload, attachments, ...rest } = r;
  return {
    ...rest,
    attachments: JSON.parse(attachments) as unknown,
    ...(includePayload ? { payload: JSON.parse(payload) as unknown } : {}),
  };
}

function evaluationView(r: TxRow) {
  const p = JSON.parse(r.payload) as { level: number; reasons?: string[]; channel: 'self' | 'agent' };
  return {
    tx_id: r.tx_id,
    server_ref: r.server_ref,
    depends_on: r.depends_on,
    received_at: r.received_at,
    level: p.level,
    reasons: p.reasons ?? [],
    channel: p.channel,
  };
}

function checkAdmin(state: PlatformState, req: IncomingMessage): void {
  if (!state.adminAllowRemote && !isLoopback(req.socket.remoteAddress))
    throw new HttpError('admin_forbidden', 'admin API is loopback only');
  const auth = headerValue(req.headers, 'authorization') ?? '';
  const given = Buffer.from(auth.replace(/^Bearer\s+/i, ''));
  const want = Buffer.from(state.adminToken);
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new HttpError('admin_unauthorized', 'admin token missing or wrong');
}

export function handleAdmin(state: PlatformState, req: IncomingMessage, url: URL, raw: Buffer): Reply {
  checkAdmin(state, req);
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  const q = url.searchParams;
  let m: RegExpExecArray | null;

  if (method === 'GET' && path === '/admin/health')
    return { status: 200, json: { ok: true, platform_public_key: state.platformPublicKeyB64 } };

  if (method === 'POST' && path === '/admin/catalog')
    return { status: 200, json: seedCatalog(state, body(CatalogSeedSchema, raw, req)) };

  if (method === 'POST' && path === '/admin/enrollment-codes') {
    const b = body(
      z.object({
        count: z.number().int().min(1).max(100).default(1),
        codes: z.array(z.string().min(4).max(64)).optional(),
        note: z.string().optional(),
      }),
      raw,
      req,
    );
    const codes = b.codes?.map(normalizeEnrolmentCode) ?? Array.from({ length: b.count }, newEnrolmentCode);
    const now = new Date().toISOString();
    const ins = state.db.prepare('INSERT OR IGNORE INTO enrollment_codes (code, created_at, note) VALUES (?, ?, ?)');
    state.db.transaction(() => codes.forEach((c) => ins.run(c, now, b.note ?? null)))();
    // The county prints the key hash with the codes (and in the enrolment QR) so terminals can pin it.
    return { status: 201, json: { codes, platform_key_sha256: publicKeySha256Hex(state.platformPublicKeyB64) } };
  }

  if (method === 'GET' && path === '/admin/devices') {
    const rows = state.db
      .prepare(
        'SELECT device_id, region_code, station_name, enrolled_at, revoked_at, last_seen_at, last_created_skew_s FROM devices ORDER BY enrolled_at',
      )
      .all() as { device_id: string }[];
    return { status: 200, json: { devices: rows.map((r) => ({ ...r, flags: deviceFlags(state.db, r.device_id) })) } };
  }

  if (method === 'GET' && path === '/admin/stations/attention') {
    const raw = q.get('late_minutes');
    const lateMinutes = raw === null ? DEFAULT_LATE_MINUTES : Number(raw);
    if (!Number.isFinite(lateMinutes) || lateMinutes <= 0)
      throw new HttpError('bad_request', 'late_minutes must be a positive number of minutes');
    return {
      status: 200,
      json: { late_minutes: lateMinutes, stations: stationsNeedingAttention(state.db, lateMinutes, Date.now()) },
    };
  }

  if (method === 'POST' && (m = /^\/admin\/devices\/([^/]+)\/revoke$/.exec(path))) {
    const id = decodeURIComponent(m[1]!);
    const n = state.db
      .prepare('UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE device_id = ?')
      .run(new Date().toISOString(), id).changes;
    if (!n) throw new HttpError('not_found', 'no such device');
    return { status: 200, json: { device_id: id, revoked: true } };
  }

  if (method === 'GET' && path === '/admin/transactions') {
    const where: string[] = [];
    const args: unknown[] = [];
    const filters: Array<[string, string, (v: string) => unknown]> = [
      ['device_id', 'device_id = ?', (v) => v],
      ['tx_id', 'tx_id = ?', (v) => v],
      ['after_id', 'id > ?', (v) => Number(v)],
    ];
    for (const [param, clause, conv] of filters) {
      const v = q.get(param);
      if (!v) continue;
      where.push(clause);
      args.push(conv(v));
    }
    const limit = Math.min(Number(q.get('limit') ?? 1000) || 1000, 100000);
    const rows = state.db
      .prepare(`SELECT * FROM transactions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`)
      .all(...args, limit) as TxRow[];
    return { status: 200, json: { transactions: rows.map((r) => txView(r, q.get('include_payload') === '1')) } };
  }

  if (method === 'GET' && path === '/admin/evaluations') {
    // 好差评 of one station: the rating, its reason codes and the application it rates.
    const deviceId = q.get('device_id');
    if (!deviceId) throw new HttpError('bad_request', 'device_id is required');
    const rows = state.db
      .prepare("SELECT * FROM transactions WHERE device_id = ? AND kind = 'evaluation' ORDER BY id")
      .all(deviceId) as TxRow[];
    return { status: 200, json: { evaluations: rows.map(evaluationView) } };
  }

  if (method === 'GET' && path === '/admin/audit-chain') {
    // The platform's view of one station's audit chain: the last entry it accepted, and any flag.
    const deviceId = q.get('device_id');
    if (!deviceId) throw new HttpError('bad_request', 'device_id is required');
    return { status: 200, json: { head: auditHead(state.db, deviceId), flags: deviceFlags(state.db, deviceId) } };
  }

  if (method === 'GET' && path === '/admin/outcomes') {
    const device = q.get('device_id') ?? '';
    const rows = state.db
      .prepare('SELECT seq, tx_id, outcome, code, updated_at FROM item_outcomes WHERE device_id = ? ORDER BY seq')
      .all(device);
    return { status: 200, json: { outcomes: rows } };
  }

  if (method === 'POST' && (m = /^\/admin\/transactions\/([^/]+)\/status$/.exec(path))) {
    const ref = decodeURIComponent(m[1]!);
    const b = body(StatusInput, raw, req);
    const out = state.db.transaction(() => {
      const row = state.db
        .prepare('SELECT * FROM transactions WHERE server_ref = ? OR tx_id = ? ORDER BY id LIMIT 1')
        .get(ref, ref) as TxRow | undefined;
      if (!row) throw new HttpError('not_found', 'no such transaction');
      const time = new Date().toISOString();
      state.db
        .prepare('UPDATE transactions SET status = ?, status_note = ?, status_at = ? WHERE id = ?')
        .run(b.status, b.note, time, row.id);
      const value: TxStatus = { tx_id: row.tx_id, server_ref: row.server_ref, status: b.status, note: b.note, time };
      // Status changes flow back to the station that made the transaction, and only there.
      state.changes.upsert('tx_status', row.tx_id, value, { scope: row.device_id });
      return value;
    })();
    return { status: 200, json: out };
  }

  if (method === 'POST' && path === '/admin/announcements') {
    const b = body(
      AnnouncementSchema.extend({ device_id: z.string().optional(), published_at: z.string().optional() }),
      raw,
      req,
    );
    const { device_id, ...a } = b;
    const value = { ...a, published_at: a.published_at ?? new Date().toISOString() };
    const version = state.db.transaction(() =>
      state.changes.upsert('announcements', a.id, value, { scope: scopeOf(device_id) }),
    )();
    return { status: 200, json: { id: a.id, version } };
  }

  if (method === 'DELETE' && (m = /^\/admin\/announcements\/([^/]+)$/.exec(path))) {
    const id = decodeURIComponent(m[1]!);
    const ok = state.db.transaction(() =>
      state.changes.remove('announcements', id, scopeOf(q.get('device_id') ?? undefined)),
    )();
    if (!ok) throw new HttpError('not_found', 'no such announcement');
    return { status: 200, json: { id, deleted: true } };
  }

  if (method === 'POST' && path === '/admin/config') {
    const b = body(z.object({ values: z.record(z.string(), z.unknown()), device_id: z.string().optional() }), raw, req);
    const versions = state.db.transaction(() =>
      Object.fromEntries(
        Object.entries(b.values).map(([k, v]) => [
          k,
          state.changes.upsert('config', k, v, { scope: scopeOf(b.device_id) }),
        ]),
      ),
    )();
    return { status: 200, json: { versions } };
  }

  if (method === 'POST' && path === '/admin/agents') {
    const b = body(z.object({ agents: z.array(AgentInput), device_id: z.string().optional() }), raw, req);
    const out = state.db.transaction(() =>
      b.agents.map((a) => {
        const salt = randomBytes(16).toString('hex');
        const pinSalt = randomBytes(16).toString('hex');
        const value: Agent = {
          id: a.id,
          name: a.name,
          id_hash: hashAgentIdNumber(a.id_number, salt),
          id_salt: salt,
          hash_alg: AGENT_HASH_ALG,
          roles: a.roles,
          active: a.active,
          ...(a.pin ? { pin_salt: pinSalt, pin_hash: hashAgentPin(a.pin, pinSalt) } : {}),
          ...(a.station_region ? { station_region: a.station_region } : {}),
        };
        state.changes.upsert('agents', a.id, value, { scope: scopeOf(b.device_id) });
        return { id: a.id };
      }),
    )();
    return { status: 200, json: { agents: out } };
  }

  if (method === 'GET' && path === '/admin/agents') return { status: 200, json: { agents: listAgents(state) } };
  if (method === 'POST' && (m = /^\/admin\/agents\/([^/]{1,64})\/(deactivate|activate)$/.exec(path))) {
    const out = setAgentActive(state, decodeURIComponent(m[1]!), m[2] === 'activate');
    if (out === 0) throw new HttpError('not_found', 'no such agent');
    return { status: 200, json: { id: decodeURIComponent(m[1]!), active: m[2] === 'activate', records: out } };
  }

  if (method === 'POST' && path === '/admin/faults') {
    const r = FaultConfigSchema.safeParse(raw.length ? parseJson(raw) : {});
    if (!r.success)
      throw new HttpError('bad_request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return { status: 200, json: { faults: state.faults.set(r.data) } };
  }
  if (method === 'DELETE' && path === '/admin/faults') {
    state.faults.clear();
    return { status: 200, json: { faults: null } };
  }
  if (method === 'GET' && path === '/admin/faults')
    return { status: 200, json: { faults: state.faults.current(), fired: state.faults.fired } };

  if (method === 'GET' && path === '/admin/stats') {
    return { status: 200, json: { ...state.stats, faults_fired: state.faults.fired } };
  }

  if (method === 'POST' && path === '/admin/cursors/expire') {
    const epoch = cursorEpoch(state.db) + 1;
    setMeta(state.db, 'cursor_epoch', String(epoch));
    return { status: 200, json: { epoch } };
  }
  if (method === 'POST' && path === '/admin/changes/compact') return { status: 200, json: state.changes.compact() };

  if (method === 'GET' && (m = /^\/admin\/blobs\/([0-9a-f]{64})$/.exec(path))) {
    const b = state.blobs.get(m[1]!);
    if (!b) throw new HttpError('not_found', 'no such blob');
    return { status: 200, json: { ...b, complete: b.complete === 1 } };
  }

  if (method === 'GET' && path === '/admin/meta')
    return {
      status: 200,
      json: {
        cursor_epoch: cursorEpoch(state.db),
        server_ref_counter: Number(getMeta(state.db, 'server_ref_counter') ?? 0),
      },
    };

  throw new HttpError('not_found', `no admin route ${method} ${path}`);
}

/** Agents in every scope, without their hashes (nothing an admin screen needs). */
function listAgents(state: PlatformState) {
  const rows = state.db
    .prepare("SELECT scope, value FROM datasets WHERE dataset = 'agents' AND deleted = 0 ORDER BY key, scope")
    .all() as { scope: string; value: string }[];
  return rows.map((r) => {
    const a = JSON.parse(r.value) as Agent;
    return {
      id: a.id,
      name: a.name,
      roles: a.roles,
      active: a.active,
      station_region: a.station_region ?? null,
      pin_set: a.pin_hash !== undefined,
      device_id: r.scope === ALL_DEVICES ? null : r.scope,
    };
  });
}

/** Flips `active` on every record of the agent (each scope it was published to); returns how many. */
function setAgentActive(state: PlatformState, id: string, active: boolean): number {
  const scopes = state.db
    .prepare("SELECT scope FROM datasets WHERE dataset = 'agents' AND key = ? AND deleted = 0")
    .all(id) as { scope: string }[];
  return state.db.transaction(() => {
    for (const { scope } of scopes) {
      const current = state.changes.current<Agent>('agents', id, scope);
      if (current) state.changes.upsert('agents', id, { ...current, active }, { scope });
    }
    return scopes.length;
  })();
}
