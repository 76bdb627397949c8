import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

/**
 * Forward-only: each migration runs once, in its own transaction, and bumps user_version.
 * There is no down and no reset: the queue holds people's applications.
 */
export function migrate(db: Database.Database, list: readonly Migration[]): number {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} must be version ${i + 1}, is ${m.version}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new Error(
      `database is at version ${current}, newer than this program (${list.length}); refusing to touch it`,
    );
  }
  for (const m of list.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return list.length;
}
