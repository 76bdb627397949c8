/**
 * The audit chain's entry (protocol 1.1 §3 `audit`) and the rule that finds where a chain breaks.
 * Hashing needs SHA-256 and RFC 8785, which are not pure: callers pass the hash function in
 * (main/services/audit-hash.ts on the terminal; the reference platform keeps its own).
 *
 * Pure module (rules/): imports only zod.
 */
import { z } from 'zod';

/** prev_hash of the first entry: 64 `0` characters. */
export const GENESIS_HASH = '0'.repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const auditEntrySchema = z
  .object({
    index: z.number().int().min(1),
    at: z.string().min(1),
    actor: z
      .object({
        role: z.enum(['villager', 'agent', 'technician', 'system']),
        id: z.string().min(1).max(64),
      })
      .strict(),
    action: z.string().min(1).max(64),
    object: z.string().max(128),
    result: z.string().min(1).max(64),
    prev_hash: hex64,
    hash: hex64,
  })
  .strict();
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type UnhashedAuditEntry = Omit<AuditEntry, 'hash'>;

export const auditBlockSchema = z
  .object({
    from_index: z.number().int().min(1),
    entries: z.array(auditEntrySchema).min(1),
  })
  .strict();
export type AuditBlock = z.infer<typeof auditBlockSchema>;

export type ChainBreak = {
  /** The entry whose stored content no longer matches the chain. */
  readonly index: number;
  readonly reason: 'index_gap' | 'prev_hash_mismatch' | 'hash_mismatch';
};

/**
 * Walks `entries` (in order) from `prevHash` and `firstIndex`, recomputing every hash. Returns
 * the first entry that breaks the chain, or null when it holds. An edited entry shows up as
 * `hash_mismatch` on itself; a deleted or reordered one as a gap or a `prev_hash_mismatch`.
 */
export function findChainBreak(
  entries: readonly AuditEntry[],
  hashOf: (entry: UnhashedAuditEntry) => string,
  start: { readonly prevHash: string; readonly firstIndex: number } = { prevHash: GENESIS_HASH, firstIndex: 1 },
): ChainBreak | null {
  let prev = start.prevHash;
  let expectedIndex = start.firstIndex;
  for (const entry of entries) {
    if (entry.index !== expectedIndex) return { index: expectedIndex, reason: 'index_gap' };
    if (entry.prev_hash !== prev) return { index: entry.index, reason: 'prev_hash_mismatch' };
    const { hash, ...unhashed } = entry;
    if (hashOf(unhashed) !== hash) return { index: entry.index, reason: 'hash_mismatch' };
    prev = hash;
    expectedIndex += 1;
  }
  return null;
}
