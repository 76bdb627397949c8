// The reference platform's store. Durability matters here as much as on the terminal: the dedup
// record of a transaction is written in the same SQLite transaction as the transaction itself, and
// a SIGKILL of the platform between commit and response must leave a duplicate, never a loss.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE enrollment_codes (
    code TEXT PRIMARY KEY, created_at TEXT NOT NULL, note TEXT,
    used_at TEXT, device_id TEXT, public_key TEXT
  ) STRICT;
  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, region_code TEXT NOT NULL,
    station_name TEXT NOT NULL, hardware TEXT NOT NULL, enrolled_at TEXT NOT NULL,
    revoked_at TEXT, last_seen_at TEXT, last_created_skew_s INTEGER
  ) STRICT;
  CREATE TABLE transactions (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL, tx_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
    service_code TEXT, catalog_version INTEGER, payload TEXT NOT NULL, payload_sha256 TEXT NOT NULL,
    attachments TEXT NOT NULL, depends_on TEXT, server_ref TEXT NOT NULL UNIQUE, batch_id TEXT NOT NULL,
    received_at TEXT NOT NULL, device_time TEXT, boot_id TEXT, clock_offset_ms INTEGER, clock_age_s REAL,
    status TEXT NOT NULL, status_note TEXT, status_at TEXT NOT NULL,
    UNIQUE (device_id, tx_id)
  ) STRICT;
  CREATE TABLE item_outcomes (
    device_id TEXT NOT NULL, seq INTEGER NOT NULL, tx_id TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected', 'deferred')),
    code TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
  ) STRICT;
  CREATE INDEX item_outcomes_tx ON item_outcomes (device_id, tx_id);
  CREATE TABLE batches (
    id INTEGER PRIMARY KEY, batch_id TEXT NOT NULL, device_id TEXT NOT NULL, received_at TEXT NOT NULL,
    items INTEGER NOT NULL, bytes INTEGER NOT NULL, encoding TEXT NOT NULL
  ) STRICT;
  CREATE TABLE datasets (
    dataset TEXT NOT NULL, key TEXT NOT NULL, scope TEXT NOT NULL, value TEXT,
    version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dataset, key, scope)
  ) STRICT;
  CREATE TABLE changes (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset TEXT NOT NULL, op TEXT NOT NULL, key TEXT NOT NULL, value TEXT,
    version INTEGER NOT NULL, scope TEXT NOT NULL, created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX changes_key ON changes (dataset, key, scope);
  CREATE INDEX changes_scope ON changes (scope, pos);
  CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY, length INTEGER NOT NULL, mime TEXT NOT NULL, offset INTEGER NOT NULL,
    complete INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE blob_chunks (
    sha256 TEXT NOT NULL, offset INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (sha256, offset)
  ) STRICT;
  CREATE TABLE nonces (
    nonce TEXT PRIMARY KEY, device_id TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at TEXT
  ) STRICT;
  `,
  // Audit chain (protocol 1.1 §3): the last hash each device sent, and stations flagged for review.
  `
  CREATE TABLE audit_heads (
    device_id TEXT PRIMARY KEY, last_index INTEGER NOT NULL, last_hash TEXT NOT NULL, updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE device_flags (
    id INTEGER PRIMARY KEY, device_id TEXT NOT NULL, code TEXT NOT NULL, detail TEXT NOT NULL, flagged_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX device_flags_device ON device_flags (device_id);
  `,
  // Station health (protocol 1.1 §3): only the newest report per station; the items stay in transactions.
  `
  CREATE TABLE station_health (
    device_id TEXT PRIMARY KEY, at TEXT NOT NULL, received_at TEXT NOT NULL, payload TEXT NOT NULL
  ) STRICT;
  `,
];

export function openPlatformDb(path: string): Db {
  const db = new Database(path);
  // auto_vacuum must be chosen before WAL on a new file, or it silently stays off.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
