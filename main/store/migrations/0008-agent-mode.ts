import type Database from 'better-sqlite3';

/**
 * How an agent took part in an application (issue #11): `assist` (帮办, the villager present and
 * signing) or `proxy` (代办, the villager absent); NULL for self-service. agent_id and agent_name
 * (masked) were there from the start.
 */
export function up(db: Database.Database): void {
  db.exec(`ALTER TABLE transactions ADD COLUMN agent_mode TEXT CHECK (agent_mode IN ('assist', 'proxy'));`);
}
