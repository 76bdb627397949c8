/**
 * The sync tables, as forward-only migrations. The lead's store appends each entry, in order, to
 * its one numbered migration list. Once an entry is committed it is never edited: append a new one.
 * Sealed columns hold Sealer output (AES-256-GCM in production) because they carry personal data.
 */
export interface SyncMigration {
  readonly name: string;
  readonly sql: string;
}

export const syncMigrations: readonly SyncMigration[] = [
  {
    name: 'sync_001_outbox',
    sql: `
CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tx_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('application','evaluation','audit','health')),
  service_code TEXT,
  catalog_version INTEGER,
  depends_on TEXT,
  payload_sealed BLOB,
  payload_sha256 TEXT NOT NULL,
  payload_bytes INTEGER NOT NULL,
  attachments TEXT NOT NULL DEFAULT '[]',
  device_time TEXT NOT NULL,
  boot_id TEXT NOT NULL,
  enqueue_mono_ms INTEGER NOT NULL,
  clock_offset_ms INTEGER,
  clock_age_s INTEGER,
  state TEXT NOT NULL CHECK (state IN ('pending','inflight','acked','rejected','deferred')),
  batch_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  server_ref TEXT,
  result_status TEXT,
  code TEXT,
  message TEXT,
  acked_server_time TEXT,
  acked_device_time TEXT
) STRICT;
CREATE INDEX sync_outbox_state_seq ON sync_outbox(state, seq);
CREATE TABLE sync_blobs (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  data_sealed BLOB,
  uploaded INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE sync_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  device_id TEXT NOT NULL,
  platform_url TEXT NOT NULL,
  platform_public_key TEXT NOT NULL,
  public_key TEXT NOT NULL,
  private_key_sealed BLOB NOT NULL,
  enrolled_server_time TEXT NOT NULL,
  enrolled_device_time TEXT NOT NULL
) STRICT;
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE sync_dataset_rows (
  dataset TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT,
  value_sealed BLOB,
  version INTEGER NOT NULL,
  gen INTEGER NOT NULL,
  PRIMARY KEY (dataset, key)
) STRICT;
`,
  },
  {
    // counts() ran a GROUP BY over every row (91 ms at 1M rows) on each status change. Triggers keep
    // one row per state exact in the same transaction as the change, whatever statement made it.
    name: 'sync_002_outbox_counts',
    sql: `
CREATE TABLE sync_outbox_counts (
  state TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO sync_outbox_counts (state, n)
  SELECT s.state, (SELECT COUNT(*) FROM sync_outbox o WHERE o.state = s.state)
  FROM (SELECT 'pending' AS state UNION ALL SELECT 'inflight' UNION ALL SELECT 'acked' UNION ALL SELECT 'rejected' UNION ALL SELECT 'deferred') s;
CREATE TRIGGER sync_outbox_count_insert AFTER INSERT ON sync_outbox BEGIN
  UPDATE sync_outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TRIGGER sync_outbox_count_delete AFTER DELETE ON sync_outbox BEGIN
  UPDATE sync_outbox_counts SET n = n - 1 WHERE state = OLD.state;
END;
CREATE TRIGGER sync_outbox_count_update AFTER UPDATE OF state ON sync_outbox WHEN NEW.state <> OLD.state BEGIN
  UPDATE sync_outbox_counts SET n = n - 1 WHERE state = OLD.state;
  UPDATE sync_outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
`,
  },
  {
    // Payloads in their own table, keyed by seq: dropping acknowledged payloads frees whole pages
    // (consecutive seqs share pages) that incremental vacuum gives back, instead of leaving holes
    // inside every outbox page (the 1M-row run kept a file 6 × its live data).
    name: 'sync_003_outbox_payloads',
    sql: `
CREATE TABLE sync_outbox_payloads (
  seq INTEGER PRIMARY KEY,
  payload_sealed BLOB NOT NULL
) STRICT;
INSERT INTO sync_outbox_payloads (seq, payload_sealed)
  SELECT seq, payload_sealed FROM sync_outbox WHERE payload_sealed IS NOT NULL;
ALTER TABLE sync_outbox DROP COLUMN payload_sealed;
CREATE TRIGGER sync_outbox_payload_delete AFTER DELETE ON sync_outbox BEGIN
  DELETE FROM sync_outbox_payloads WHERE seq = OLD.seq;
END;
`,
  },
];
