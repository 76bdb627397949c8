import type Database from 'better-sqlite3';

/** The technician PIN lockout, kept across restarts so pulling the plug does not reset it. */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE technician_lockout (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      -- Wrong PINs at this terminal since the last right one (any connection).
      failures INTEGER NOT NULL CHECK (failures >= 0),
      -- Lockouts served since the last right PIN; picks the next, longer, duration.
      level INTEGER NOT NULL CHECK (level >= 0),
      -- Wall clock (ms since the epoch) until which every PIN is refused; 0 = not locked.
      locked_until_ms INTEGER NOT NULL
    ) STRICT;
  `);
}
