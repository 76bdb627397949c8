import { createHash } from 'node:crypto';
import type { UnhashedAuditEntry } from '../../rules/audit-entry';
import { canonicalJson } from '../../sync/protocol/jcs';

/**
 * `hash` of an audit entry (protocol 1.1 §3): lowercase hex SHA-256 over the UTF-8 bytes of
 * `prev_hash` immediately followed by the UTF-8 bytes of the entry (without `hash`) in RFC 8785 form.
 */
export function auditEntryHash(entry: UnhashedAuditEntry): string {
  return createHash('sha256').update(entry.prev_hash, 'utf8').update(canonicalJson(entry), 'utf8').digest('hex');
}
