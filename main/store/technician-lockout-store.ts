import type { Db } from './database';

/** The terminal-wide PIN failure state (table technician_lockout, one row). */
export interface LockoutState {
  readonly failures: number;
  readonly level: number;
  readonly lockedUntilMs: number;
}

export interface LockoutStore {
  load(): LockoutState;
  save(state: LockoutState): void;
}

const clear: LockoutState = { failures: 0, level: 0, lockedUntilMs: 0 };

export function sqliteLockoutStore(db: Db): LockoutStore {
  const select = db.prepare(
    'SELECT failures, level, locked_until_ms AS lockedUntilMs FROM technician_lockout WHERE id = 1',
  );
  const upsert =
    db.prepare(`INSERT INTO technician_lockout (id, failures, level, locked_until_ms) VALUES (1, @failures, @level, @lockedUntilMs)
    ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, level = excluded.level, locked_until_ms = excluded.locked_until_ms`);
  return {
    load: () => (select.get() as LockoutState | undefined) ?? clear,
    save: (state) => void upsert.run(state),
  };
}

/** For tests of the service alone; the host always uses the SQLite store. */
export function memoryLockoutStore(): LockoutStore {
  let state = clear;
  return { load: () => state, save: (s) => void (state = s) };
}
