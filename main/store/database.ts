import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Migration } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the terminal database with the settings docs/architecture.md gives.
 * auto_vacuum must be set before the first table and before WAL, or it silently stays off
 * (measured: reference offline-sync §6.3).
 */
export function openDatabase(path: string, list: readonly Migration[] = migrations): Db {
  const isNew = path === ':memory:' || !existsSync(path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  if (isNew) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Erased personal data is overwritten with zeros in its page, not left in free space.
  db.pragma('secure_delete = ON');
  migrate(db, list);
  return db;
}

/** Returns freed pages to the file system (must be db.exec: see the reference note above). */
export function reclaimSpace(db: Db): void {
  db.exec('PRAGMA incremental_vacuum');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
