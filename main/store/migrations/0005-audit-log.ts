import type Database from 'better-sqlite3';

/**
 * The audit chain (protocol 1.1 §3 `audit`): one row per privileged action, each hashed with the
 * one before. Append-only: triggers refuse UPDATE and DELETE, so only someone who edits the
 * schema can change history, and `npm run audit -- verify` then names the entry that breaks.
 * No personal data: actors are roles and agent/technician ids, objects are tx_ids or keys.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE audit_log (
      entry_index INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor_role TEXT NOT NULL CHECK (actor_role IN ('villager', 'agent', 'technician', 'system')),
      actor_id TEXT NOT NULL,
      action TEXT NOT NULL,
      object TEXT NOT NULL,
      result TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only');
    END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only');
    END;

    -- Which entries went to the outbox in which block; blocks chain by depends_on in this order.
    CREATE TABLE audit_blocks (
      tx_id TEXT PRIMARY KEY,
      from_index INTEGER NOT NULL UNIQUE,
      to_index INTEGER NOT NULL
    ) STRICT;
  `);
}
