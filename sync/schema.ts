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
];
