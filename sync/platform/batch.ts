// Batch upload semantics (protocol §3). The whole batch is one SQLite transaction: every applied
// item's row — which is also its permanent dedup record, unique on (device_id, tx_id) — commits
// together with the outcomes used for applied_through_seq, or nothing does.
import type { Database as Db } from 'better-sqlite3';
import { payloadSha256 } from '../protocol/jcs';
import { BatchItemSchema } from '../protocol/wire';
import type { BatchItem, BatchResponse, CatalogService, Form, ItemResult, TxKind } from '../protocol/wire';
import type { ItemCode } from '../protocol/errors';
import type { ChangeLog } from './change-log';
import { advanceAuditHead, checkAuditBlock, flagDevice } from './audit-chain';
import { getMeta, setMeta } from './db';
import { HealthPayloadSchema } from '../protocol/payloads';
import { recordStationHealth } from './station-health';
import { BUNDLES_CONFIG_KEY, EVALUATION_REASONS_CONFIG_KEY } from '../protocol/wire';
import { BundleSchema } from '../protocol/payloads';
import { checkBundleMembership } from './bundle-check';
import type { EvaluationReason } from '../protocol/wire';
import {
  validateApplicationPayload,
  validateAuditPayload,
  validateBundle,
  validateEvaluationPayload,
  validateHealthPayload,
} from './validate-payload';

const REF_PREFIX: Record<TxKind, string> = { application: 'SL', evaluation: 'PJ', audit: 'SJ', health: 'JK' };

export interface BatchContext {
  db: Db;
  changes: ChangeLog;
  deviceId: string;
  batchId: string;
  bytes: number;
  encoding: string;
  now: Date;
}

export interface BatchStats {
  applied: number;
  duplicate: number;
  rejected: number;
  deferred: number;
}

function yyyymmdd(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

function result(
  item: { seq: number; tx_id: string },
  status: ItemResult['status'],
  extra: Partial<ItemResult> = {},
): ItemResult {
  return { seq: item.seq, tx_id: item.tx_id, status, server_ref: null, code: null, message: null, ...extra };
}

function reject(item: { seq: number; tx_id: string }, code: ItemCode, message: string): ItemResult {
  return result(item, 'rejected', { code, message });
}

function defer(item: { seq: number; tx_id: string }, code: ItemCode, message: string): ItemResult {
  return result(item, 'deferred', { code, message });
}

export function processBatch(
  ctx: BatchContext,
  rawItems: Array<Record<string, unknown> & { seq: number; tx_id: string }>,
): BatchResponse & { stats: BatchStats } {
  const { db, deviceId } = ctx;
  const nowIso = ctx.now.toISOString();
  const findTx = db.prepare('SELECT payload_sha256, server_ref FROM transactions WHERE device_id = ? AND tx_id = ?');
  const findOutcome = db.prepare(
    "SELECT outcome FROM item_outcomes WHERE device_id = ? AND tx_id = ? ORDER BY CASE outcome WHEN 'applied' THEN 0 WHEN 'rejected' THEN 1 ELSE 2 END LIMIT 1",
  );
  const findBlob = db.prepare('SELECT length, complete FROM blobs WHERE sha256 = ?');
  const findEvaluation = db.prepare(
    "SELECT server_ref FROM transactions WHERE device_id = ? AND kind = 'evaluation' AND depends_on = ? LIMIT 1",
  );
  const findKind = db.prepare('SELECT kind FROM transactions WHERE device_id = ? AND tx_id = ?');
  const setOutcome = db.prepare(
    `INSERT INTO item_outcomes (device_id, seq, tx_id, outcome, code, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id, seq) DO UPDATE SET tx_id = excluded.tx_id, outcome = excluded.outcome, code = excluded.code, updated_at = excluded.updated_at
     WHERE item_outcomes.outcome <> 'applied'`,
  );
  const insertTx = db.prepare(
    `INSERT INTO transactions (device_id, tx_id, seq, kind, service_code, catalog_version, payload, payload_sha256, attachments,
       depends_on, server_ref, batch_id, received_at, device_time, boot_id, clock_offset_ms, clock_age_s, status, status_note, status_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'accepted', NULL, ?)`,
  );

  // Read once per batch, written back before the batch commits.
  let refCounter = -1;
  const nextServerRef = (kind: TxKind): string => {
    if (refCounter < 0) refCounter = Number(getMeta(db, 'server_ref_counter') ?? '0');
    refCounter += 1;
    return `${REF_PREFIX[kind]}${yyyymmdd(ctx.now)}${String(refCounter).padStart(8, '0')}`;
  };
  // Reference data does not change inside a batch transaction.
  const lookups = new Map<string, unknown>();
  const lookup = <T>(dataset: 'catalog' | 'forms' | 'config', key: string): T | undefined => {
    const k = `${dataset}\u0000${key}`;
    if (!lookups.has(k)) lookups.set(k, ctx.changes.current<T>(dataset, key));
    return lookups.get(k) as T | undefined;
  };

  const validate = (item: BatchItem): ItemResult | null => {
    if (item.kind === 'application') {
      if (!item.service_code) return reject(item, 'validation_failed', 'application 需要 service_code');
      if (item.catalog_version === null || item.catalog_version === undefined)
        return reject(item, 'validation_failed', 'application 需要 catalog_version');
      const service = lookup<CatalogService>('catalog', item.service_code);
      if (!service) return reject(item, 'service_unknown', `事项 ${item.service_code} 不存在`);
      if (!service.active) return reject(item, 'catalog_outdated', `事项 ${item.service_code} 已停办`);
      if (item.catalog_version < service.min_version) {
        return reject(
          item,
          'catalog_outdated',
          `事项目录版本 ${item.catalog_version} 过旧，需不低于 ${service.min_version}`,
        );
      }
      const form = lookup<Form>('forms', service.form_id);
      if (!form) return reject(item, 'service_unknown', `事项 ${item.service_code} 的表单 ${service.form_id} 不存在`);
      const check = validateApplicationPayload(service, form, item.payload);
      if (!check.ok) return reject(item, 'validation_failed', check.message);
      const bundle = validateBundle(item.payload, item.tx_id);
      if (!bundle.ok) return reject(item, 'validation_failed', bundle.message);
      if (item.payload.bundle !== undefined) {
        const member = checkBundleMembership(
          BundleSchema.parse(item.payload.bundle),
          item.service_code,
          lookup<unknown>('config', BUNDLES_CONFIG_KEY),
        );
        if (!member.ok) return reject(item, 'validation_failed', member.message);
      }
    } else if (item.kind === 'evaluation') {
      if (!item.depends_on) return reject(item, 'validation_failed', 'evaluation 需要 depends_on');
      const reasons = new Set(
        (lookup<EvaluationReason[]>('config', EVALUATION_REASONS_CONFIG_KEY) ?? []).map((r) => r.code),
      );
      const check = validateEvaluationPayload(item.payload, reasons);
      if (!check.ok) return reject(item, 'validation_failed', check.message);
      const rated = findKind.get(deviceId, item.depends_on) as { kind: string } | undefined;
      if (rated && rated.kind !== 'application')
        return reject(item, 'validation_failed', 'evaluation 的 depends_on 应为一件申请');
      const earlier = findEvaluation.get(deviceId, item.depends_on) as { server_ref: string } | undefined;
      if (earlier) return reject(item, 'already_evaluated', `该事项已评价过 (${earlier.server_ref})`);
    } else if (item.kind === 'health') {
      const check = validateHealthPayload(item.payload);
      if (!check.ok) return reject(item, 'validation_failed', check.message);
    } else {
      const check = validateAuditPayload(item.payload);
      if (!check.ok) return reject(item, 'validation_failed', check.message);
    }
    return null;
  };

  const processOne = (raw: Record<string, unknown> & { seq: number; tx_id: string }, stats: BatchStats): ItemResult => {
    const parsed = BatchItemSchema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => i.path.join('.') || '(item)').join(', ');
      return reject(raw, 'validation_failed', `item does not match the protocol: ${where}`);
    }
    const item = parsed.data;
    if (payloadSha256(item.payload) !== item.payload_sha256) {
      return reject(item, 'payload_hash_invalid', 'payload_sha256 is not the SHA-256 of the payload in RFC 8785 form');
    }
    const known = findTx.get(deviceId, item.tx_id) as { payload_sha256: string; server_ref: string } | undefined;
    if (known) {
      if (known.payload_sha256 !== item.payload_sha256) {
        return reject(item, 'payload_mismatch', `tx_id 已以不同内容受理 (${known.server_ref})`);
      }
      stats.duplicate++;
      return result(item, 'duplicate', { server_ref: known.server_ref });
    }
    const invalid = validate(item);
    if (invalid) return invalid;
    if (item.depends_on) {
      const dep = findTx.get(deviceId, item.depends_on);
      if (!dep) {
        const depOutcome = findOutcome.get(deviceId, item.depends_on) as { outcome: string } | undefined;
        if (depOutcome?.outcome === 'rejected')
          return reject(item, 'dependency_rejected', `所依赖的 ${item.depends_on} 已被退回`);
        return defer(item, 'dependency_missing', `所依赖的 ${item.depends_on} 尚未收到`);
      }
    }
    const missing = item.attachments.filter((a) => {
      const b = findBlob.get(a.sha256) as { length: number; complete: number } | undefined;
      return !b || !b.complete || b.length !== a.size;
    });
    if (missing.length)
      return defer(item, 'attachment_missing', `缺少附件 ${missing.map((a) => a.sha256.slice(0, 12)).join(', ')}`);
    // After the dependency check: a block whose predecessor has not arrived waits, it is not broken.
    const audit = item.kind === 'audit' ? checkAuditBlock(db, deviceId, item.payload) : null;
    if (audit && !audit.ok) {
      if (audit.code === 'audit_chain_broken')
        flagDevice(db, deviceId, audit.code, `${item.tx_id}: ${audit.message}`, nowIso);
      return reject(item, audit.code, audit.message);
    }
    const serverRef = nextServerRef(item.kind);
    insertTx.run(
      deviceId,
      item.tx_id,
      item.seq,
      item.kind,
      item.service_code ?? null,
      item.catalog_version ?? null,
      JSON.stringify(item.payload),
      item.payload_sha256,
      JSON.stringify(item.attachments),
      item.depends_on ?? null,
      serverRef,
      ctx.batchId,
      nowIso,
      item.device_time ?? null,
      item.boot_id ?? null,
      item.clock?.offset_ms ?? null,
      item.clock?.age_s ?? null,
      nowIso,
    );
    if (audit?.ok) advanceAuditHead(db, deviceId, audit.head, nowIso);
    if (item.kind === 'health') recordStationHealth(db, deviceId, HealthPayloadSchema.parse(item.payload), nowIso);
    stats.applied++;
    return result(item, 'applied', { server_ref: serverRef });
  };

  return db.transaction(() => {
    const stats: BatchStats = { applied: 0, duplicate: 0, rejected: 0, deferred: 0 };
    db.prepare(
      'INSERT INTO batches (batch_id, device_id, received_at, items, bytes, encoding) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(ctx.batchId, deviceId, nowIso, rawItems.length, ctx.bytes, ctx.encoding);
    const results = rawItems.map((raw) => {
      const r = processOne(raw, stats);
      if (r.status === 'rejected') stats.rejected++;
      if (r.status === 'deferred') stats.deferred++;
      const outcome = r.status === 'duplicate' ? 'applied' : r.status;
      setOutcome.run(deviceId, r.seq, r.tx_id, outcome, r.code, nowIso);
      return r;
    });
    if (refCounter >= 0) setMeta(db, 'server_ref_counter', String(refCounter));
    return {
      results,
      applied_through_seq: appliedThroughSeq(db, deviceId),
      server_time: new Date().toISOString(),
      stats,
    };
  })();
}

/**
 * Highest seq of this device such that every item the platform has seen at or below it is applied,
 * duplicate or rejected: the highest resolved seq below the lowest still-deferred one. Seqs the
 * platform never saw (gaps) cannot hold it back; the terminal sends in seq order.
 */
export function appliedThroughSeq(db: Db, deviceId: string): number {
  const row = db
    .prepare(
      `SELECT MAX(seq) AS s FROM item_outcomes WHERE device_id = ? AND outcome <> 'deferred'
         AND seq < COALESCE((SELECT MIN(seq) FROM item_outcomes WHERE device_id = ? AND outcome = 'deferred'), 9007199254740991)`,
    )
    .get(deviceId, deviceId) as { s: number | null };
  return row.s ?? 0;
}
