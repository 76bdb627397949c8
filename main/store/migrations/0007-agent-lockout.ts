import type Database from 'better-sqlite3';

/** Wrong sign-in PINs per station agent, kept across restarts like the technician's (0006). */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE agent_lockout (
      agent_id TEXT PRIMARY KEY,
      failures INTEGER NOT NULL CHECK (failures >= 0),
      level INTEGER NOT NULL CHECK (level >= 0),
      locked_until_ms INTEGER NOT NULL
    ) STRICT;
  `);
}
