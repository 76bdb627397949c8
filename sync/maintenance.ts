import type Database from 'better-sqlite3';

/**
 * Gives freed pages back to the file system. Must run outside any transaction. With
 * auto_vacuum=INCREMENTAL only db.exec() of the pragma frees pages (a prepared .run() frees
 * nothing — measured, see docs/sync.md); the WAL is then truncated so the file really shrinks.
 */
export function reclaimSpace(db: Database.Database): { freedPages: number } {
  if (db.inTransaction) return { freedPages: 0 };
  const before = Number(db.pragma('freelist_count', { simple: true }));
  db.exec('PRAGMA incremental_vacuum');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const after = Number(db.pragma('freelist_count', { simple: true }));
  return { freedPages: before - after };
}
