// The invariant of every fault run (issue 6): every locally committed transaction exists exactly
// once on the platform with the same payload hash; none is lost; a poison item never blocks the
// rest (it ends rejected and everything else is acknowledged); nothing the terminal reported as
// saved is missing from its database; nothing appears on the platform that the terminal did not
// queue. Returns one line per violation (empty = the run holds).
import { plannedItem } from './plan';
import type { RunPlan } from './plan';

export interface TerminalRow {
  seq: number;
  tx_id: string;
  state: string;
  payload_sha256: string;
  server_ref: string | null;
  code: string | null;
}

export interface PlatformTx {
  tx_id: string;
  seq: number;
  payload_sha256: string;
  server_ref: string;
}

export function checkInvariant(args: {
  plan: RunPlan;
  rows: TerminalRow[];
  platformTxs: PlatformTx[];
  /** tx_id → seq as printed by a terminal after enqueue() returned (i.e. after the commit). */
  savedLines: Map<string, number>;
}): string[] {
  const problems: string[] = [];
  const byTx = new Map(args.rows.map((r) => [r.tx_id, r]));
  const onPlatform = new Map<string, PlatformTx[]>();
  for (const t of args.platformTxs) onPlatform.set(t.tx_id, [...(onPlatform.get(t.tx_id) ?? []), t]);

  for (const [txId, seq] of args.savedLines) {
    const row = byTx.get(txId);
    if (!row)
      problems.push(`lost locally: tx ${txId} was reported saved (seq ${seq}) but is not in the terminal database`);
    else if (row.seq !== seq) problems.push(`tx ${txId} was saved as seq ${seq} but the database has seq ${row.seq}`);
  }
  if (new Set(args.rows.map((r) => r.seq)).size !== args.rows.length)
    problems.push('duplicate seq in the terminal outbox');

  for (let i = 0; i < args.plan.count; i++) {
    const item = plannedItem(args.plan, i);
    const row = byTx.get(item.txId);
    if (!row) {
      problems.push(`item ${i} (${item.txId}) was never queued (the terminal re-enqueues every planned item on start)`);
      continue;
    }
    if (row.payload_sha256 !== item.payloadSha256) problems.push(`item ${i}: payload hash changed in the outbox`);
    const copies = onPlatform.get(item.txId) ?? [];
    if (item.poison) {
      if (row.state !== 'rejected')
        problems.push(`poison item ${i} (${item.poison}) is ${row.state}, expected rejected`);
      else if (row.code !== item.poison)
        problems.push(`poison item ${i} rejected with ${row.code}, expected ${item.poison}`);
      if (copies.length > 0) problems.push(`poison item ${i} was applied on the platform`);
      continue;
    }
    if (row.state !== 'acked')
      problems.push(`item ${i} (seq ${row.seq}) is ${row.state}${row.code ? ` (${row.code})` : ''}, expected acked`);
    if (copies.length === 0) {
      problems.push(`LOST: item ${i} (seq ${row.seq}, ${item.txId}) is not on the platform`);
      continue;
    }
    if (copies.length > 1)
      problems.push(`DUPLICATE: item ${i} (${item.txId}) is on the platform ${copies.length} times`);
    const copy = copies[0]!;
    if (copy.payload_sha256 !== item.payloadSha256)
      problems.push(`item ${i}: platform payload hash differs from the terminal's`);
    if (copy.seq !== row.seq) problems.push(`item ${i}: platform seq ${copy.seq} ≠ terminal seq ${row.seq}`);
    if (row.state === 'acked' && row.server_ref !== copy.server_ref) {
      problems.push(`item ${i}: terminal server_ref ${row.server_ref} ≠ platform ${copy.server_ref}`);
    }
  }
  const planned = new Set(Array.from({ length: args.plan.count }, (_, i) => plannedItem(args.plan, i).txId));
  for (const t of args.platformTxs) if (!planned.has(t.tx_id)) problems.push(`phantom on the platform: ${t.tx_id}`);
  for (const r of args.rows) if (!planned.has(r.tx_id)) problems.push(`phantom in the outbox: ${r.tx_id}`);
  return problems;
}
