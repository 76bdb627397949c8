import type Database from 'better-sqlite3';

/** Core tables of the terminal: local transactions, counters, settings. */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- One row per application saved at this terminal. Personal data lives only in sealed_record
    -- (AES-256-GCM); id_hash (HMAC-SHA-256) finds a villager's rows without the plain number.
    CREATE TABLE transactions (
      tx_id TEXT PRIMARY KEY,
      request_id TEXT NOT NULL UNIQUE,
      local_number TEXT NOT NULL UNIQUE,
      service_code TEXT NOT NULL,
      service_name TEXT NOT NULL,
      form_id TEXT NOT NULL,
      form_version INTEGER NOT NULL,
      id_hash BLOB NOT NULL,
      masked_id TEXT NOT NULL,
      masked_name TEXT NOT NULL,
      sealed_record BLOB NOT NULL,
      agent_id TEXT,
      agent_name TEXT,
      created_at TEXT NOT NULL,
      boot_id TEXT NOT NULL,
      clock_trusted INTEGER NOT NULL,
      print_state TEXT NOT NULL CHECK (print_state IN ('pending', 'printed', 'failed')),
      print_error TEXT,
      reprints INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX transactions_id_hash ON transactions (id_hash);

    -- Local acceptance numbers: station + day + running number, never reused.
    CREATE TABLE local_counters (
      day TEXT PRIMARY KEY,
      last INTEGER NOT NULL
    ) STRICT;
  `);
}
