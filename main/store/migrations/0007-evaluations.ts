import type Database from 'better-sqlite3';

/**
 * 好差评 given at this terminal: one row per rated application (the primary key is what makes
 * "one per application" hold locally; the platform refuses a second with `already_evaluated`).
 * Level and reason codes are not personal data, so nothing here is sealed.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE evaluations (
      rated_tx_id TEXT PRIMARY KEY,
      evaluation_tx_id TEXT NOT NULL UNIQUE,
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
      reasons TEXT NOT NULL,
      rated_at TEXT NOT NULL
    ) STRICT;
  `);
}
