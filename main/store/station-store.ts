import type { Db } from './database';

/** Station identity set at enrolment (overrides the config file's station block). */
export interface StoredStation {
  readonly name: string;
  readonly regionCode: string;
  readonly hotline: string;
}

export function loadStation(db: Db): StoredStation | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'station'").get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as StoredStation) : null;
}

export function saveStation(db: Db, station: StoredStation): void {
  db.prepare(
    "INSERT INTO meta (key, value) VALUES ('station', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(JSON.stringify(station));
}

export function localNumberOf(db: Db, txId: string): string | null {
  const row = db.prepare('SELECT local_number FROM transactions WHERE tx_id = ?').get(txId) as
    { local_number: string } | undefined;
  return row?.local_number ?? null;
}
