import type Database from 'better-sqlite3';

/** Small key → JSON values in sync_state (cursor, clock offset, resync flags). */
export function getState<T>(db: Database.Database, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function setState(db: Database.Database, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

export function deleteState(db: Database.Database, key: string): void {
  db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
}
