// The platform's check of `audit` blocks (protocol 1.1 §3). Its own implementation, independent of
// the terminal's: a block must continue exactly from the last hash this device sent, and every
// entry must hash to what it claims. A broken block is rejected with `audit_chain_broken` and the
// station is flagged (admin API: GET /admin/devices shows `flags`).
import { createHash } from 'node:crypto';
import type { Database as Db } from 'better-sqlite3';
import { z } from 'zod';
import { canonicalJson } from '../protocol/jcs';

const ZERO_HASH = '0'.repeat(64);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const entrySchema = z
  .object({
    index: z.number().int().min(1),
    at: z.string().min(1),
    actor: z.object({ role: z.enum(['villager', 'agent', 'technician', 'system']), id: z.string().min(1) }).strict(),
    action: z.string().min(1),
    object: z.string(),
    result: z.string().min(1),
    prev_hash: hex64,
    hash: hex64,
  })
  .strict();
const blockSchema = z.object({ from_index: z.number().int().min(1), entries: z.array(entrySchema).min(1) }).strict();

export type AuditCheck =
  | { ok: true; head: { lastIndex: number; lastHash: string } }
  | { ok: false; code: 'validation_failed' | 'audit_chain_broken'; message: string };

function entryHash(entry: Record<string, unknown>): string {
  const { hash: _omitted, ...rest } = entry;
  return createHash('sha256')
    .update(Buffer.from(String(rest.prev_hash), 'utf8'))
    .update(Buffer.from(canonicalJson(rest), 'utf8'))
    .digest('hex');
}

/** Checks one block against the device's stored head; does not write. */
export function checkAuditBlock(db: Db, deviceId: string, payload: Record<string, unknown>): AuditCheck {
  const parsed = blockSchema.safeParse(payload);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(payload)').join(', ');
    return { ok: false, code: 'validation_failed', message: `audit 块格式不符: ${where}` };
  }
  const head = db.prepare('SELECT last_index, last_hash FROM audit_heads WHERE device_id = ?').get(deviceId) as
    { last_index: number; last_hash: string } | undefined;
  let index = head?.last_index ?? 0;
  let prev = head?.last_hash ?? ZERO_HASH;
  const block = parsed.data;
  if (block.from_index !== index + 1) {
    return {
      ok: false,
      code: 'audit_chain_broken',
      message: `审计块应从第 ${index + 1} 条开始，实际为第 ${block.from_index} 条`,
    };
  }
  for (const entry of block.entries) {
    if (entry.index !== index + 1)
      return { ok: false, code: 'audit_chain_broken', message: `审计链第 ${index + 1} 条缺失` };
    if (entry.prev_hash !== prev)
      return { ok: false, code: 'audit_chain_broken', message: `审计链第 ${entry.index} 条与上一条不相接` };
    if (entryHash(entry) !== entry.hash)
      return { ok: false, code: 'audit_chain_broken', message: `审计链第 ${entry.index} 条的哈希不符` };
    index = entry.index;
    prev = entry.hash;
  }
  return { ok: true, head: { lastIndex: index, lastHash: prev } };
}

/** Moves the device's head after its block was applied (same transaction as the insert). */
export function advanceAuditHead(
  db: Db,
  deviceId: string,
  head: { lastIndex: number; lastHash: string },
  at: string,
): void {
  db.prepare(
    `INSERT INTO audit_heads (device_id, last_index, last_hash, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET last_index = excluded.last_index, last_hash = excluded.last_hash, updated_at = excluded.updated_at`,
  ).run(deviceId, head.lastIndex, head.lastHash, at);
}

/** Marks the station for an administrator to look at; kept until cleared by hand in the store. */
export function flagDevice(db: Db, deviceId: string, code: string, detail: string, at: string): void {
  db.prepare('INSERT INTO device_flags (device_id, code, detail, flagged_at) VALUES (?, ?, ?, ?)').run(
    deviceId,
    code,
    detail,
    at,
  );
}

export function deviceFlags(db: Db, deviceId: string): { code: string; detail: string; flagged_at: string }[] {
  return db
    .prepare('SELECT code, detail, flagged_at FROM device_flags WHERE device_id = ? ORDER BY id')
    .all(deviceId) as { code: string; detail: string; flagged_at: string }[];
}

export interface AuditHead {
  last_index: number;
  last_hash: string;
  updated_at: string;
}

/** The last entry of this device's chain the platform accepted; null before its first block. */
export function auditHead(db: Db, deviceId: string): AuditHead | null {
  const row = db
    .prepare('SELECT last_index, last_hash, updated_at FROM audit_heads WHERE device_id = ?')
    .get(deviceId) as AuditHead | undefined;
  return row ?? null;
}
