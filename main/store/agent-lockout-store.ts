import type { Db } from './database';
import type { LockoutState, LockoutStore } from './technician-lockout-store';

const clear: LockoutState = { failures: 0, level: 0, lockedUntilMs: 0 };

/** The same lockout state as the technician's, one row per station agent (table agent_lockout). */
export function sqliteAgentLockoutStore(db: Db): (agentId: string) => LockoutStore {
  const select = db.prepare(
    'SELECT failures, level, locked_until_ms AS lockedUntilMs FROM agent_lockout WHERE agent_id = ?',
  );
  const upsert = db.prepare(`INSERT INTO agent_lockout (agent_id, failures, level, locked_until_ms)
    VALUES (@agentId, @failures, @level, @lockedUntilMs)
    ON CONFLICT(agent_id) DO UPDATE SET failures = excluded.failures, level = excluded.level,
      locked_until_ms = excluded.locked_until_ms`);
  return (agentId) => ({
    load: () => (select.get(agentId) as LockoutState | undefined) ?? clear,
    save: (state) => void upsert.run({ agentId, ...state }),
  });
}
