import { randomUUID } from 'node:crypto';
import {
  auditEntrySchema,
  findChainBreak,
  GENESIS_HASH,
  type AuditEntry,
  type ChainBreak,
} from '../../rules/audit-entry';
import type { Db } from '../store/database';
import { auditEntryHash } from './audit-hash';
import type { AuditEvent, AuditRecorder } from './audit-port';
import type { OutboxPort } from './outbox-port';

interface Row {
  entry_index: number;
  at: string;
  actor_role: AuditEntry['actor']['role'];
  actor_id: string;
  action: string;
  object: string;
  result: string;
  prev_hash: string;
  hash: string;
}

/** An ID number (18 characters, or the 15-digit old form) must never reach the chain. */
const ID_NUMBER = /\d{17}[\dXx]|(?<!\d)\d{15}(?!\d)/;

export interface AuditLogDeps {
  readonly db: Db;
  readonly outbox: OutboxPort;
  readonly now?: () => Date;
  /** A block is sealed as soon as this many entries wait; sealBlock() sends the rest. */
  readonly maxBlockEntries?: number;
}

export interface SealedBlock {
  readonly txId: string;
  readonly fromIndex: number;
  readonly toIndex: number;
}

/**
 * The terminal's append-only, hash-chained audit log (table audit_log, protocol 1.1 §3 `audit`).
 * record() appends one entry in its own (or the caller's) transaction; sealBlock() puts the
 * entries not yet sent into the outbox as one `audit` item that depends on the previous block.
 */
export class AuditLog implements AuditRecorder {
  readonly #d: AuditLogDeps;

  constructor(deps: AuditLogDeps) {
    this.#d = deps;
  }

  record(event: AuditEvent): void {
    for (const value of [event.actor.id, event.object, event.action, event.result]) {
      if (ID_NUMBER.test(value)) throw new Error(`audit event ${event.action} carries what looks like an ID number`);
    }
    const db = this.#d.db;
    const pending = db.transaction((): number => {
      const last = db.prepare('SELECT entry_index, hash FROM audit_log ORDER BY entry_index DESC LIMIT 1').get() as
        { entry_index: number; hash: string } | undefined;
      const unhashed = {
        index: (last?.entry_index ?? 0) + 1,
        at: (this.#d.now ?? (() => new Date()))().toISOString(),
        actor: { role: event.actor.role, id: event.actor.id },
        action: event.action,
        object: event.object,
        result: event.result,
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      const entry = auditEntrySchema.parse({ ...unhashed, hash: auditEntryHash(unhashed) });
      db.prepare(
        `INSERT INTO audit_log (entry_index, at, actor_role, actor_id, action, object, result, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        entry.index,
        entry.at,
        entry.actor.role,
        entry.actor.id,
        entry.action,
        entry.object,
        entry.result,
        entry.prev_hash,
        entry.hash,
      );
      return entry.index - this.#sentThrough();
    })();
    if (pending >= (this.#d.maxBlockEntries ?? 100) && !db.inTransaction) this.sealBlock();
  }

  /** Entries from `fromIndex` on, as the protocol writes them. */
  entries(fromIndex = 1, limit = Number.MAX_SAFE_INTEGER): AuditEntry[] {
    const rows = this.#d.db
      .prepare('SELECT * FROM audit_log WHERE entry_index >= ? ORDER BY entry_index LIMIT ?')
      .all(fromIndex, limit) as Row[];
    return rows.map(entryOf);
  }

  /** Walks the whole local chain; the first entry that breaks it, or null. */
  verify(): { count: number; broken: ChainBreak | null } {
    const all = this.entries();
    return { count: all.length, broken: findChainBreak(all, auditEntryHash) };
  }

  /** Sends what is not yet sent as one block (null when nothing waits). */
  sealBlock(): SealedBlock | null {
    const db = this.#d.db;
    return db.transaction((): SealedBlock | null => {
      const fromIndex = this.#sentThrough() + 1;
      const entries = this.entries(fromIndex, this.#d.maxBlockEntries ?? 100);
      if (entries.length === 0) return null;
      const previous = db.prepare('SELECT tx_id FROM audit_blocks ORDER BY from_index DESC LIMIT 1').get() as
        { tx_id: string } | undefined;
      const txId = randomUUID();
      this.#d.outbox.enqueue({
        txId,
        kind: 'audit',
        serviceCode: null,
        catalogVersion: null,
        payload: { from_index: fromIndex, entries },
        attachments: [],
        dependsOn: previous?.tx_id ?? null,
      });
      const toIndex = entries.at(-1)!.index;
      db.prepare('INSERT INTO audit_blocks (tx_id, from_index, to_index) VALUES (?, ?, ?)').run(
        txId,
        fromIndex,
        toIndex,
      );
      return { txId, fromIndex, toIndex };
    })();
  }

  #sentThrough(): number {
    const row = this.#d.db.prepare('SELECT MAX(to_index) AS n FROM audit_blocks').get() as { n: number | null };
    return row.n ?? 0;
  }
}

function entryOf(r: Row): AuditEntry {
  return {
    index: r.entry_index,
    at: r.at,
    actor: { role: r.actor_role, id: r.actor_id },
    action: r.action,
    object: r.object,
    result: r.result,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}
