import { syncMigrations } from '../../../sync/schema';
import type { Migration } from '../migrate';
import { up as core } from './0001-core';
import { up as auditLog } from './0005-audit-log';
import { up as technicianLockout } from './0006-technician-lockout';
import { up as evaluations } from './0007-evaluations';
import { up as bundles } from './0008-bundles';
import { up as reuseValues } from './0009-reuse-values';
import { up as agentLockout } from './0010-agent-lockout';
import { up as agentMode } from './0011-agent-mode';
import { up as agentQueue } from './0012-agent-queue';

/** One entry of the sync engine's own list (sync/schema.ts), which it appends to over time. */
function sync(index: number): Omit<Migration, 'version'> {
  const m = syncMigrations[index];
  if (!m) throw new Error(`sync migration ${index} does not exist`);
  return { name: `sync:${m.name}`, up: (db) => db.exec(m.sql) };
}

/**
 * The one numbered list, in the order it shipped. Append only; never edit or reorder a released
 * entry. New sync entries are added here explicitly (a test checks none is missing).
 */
const ordered: readonly Omit<Migration, 'version'>[] = [
  { name: 'core', up: core },
  sync(0),
  sync(1),
  sync(2),
  { name: 'audit_log', up: auditLog },
  { name: 'technician-lockout', up: technicianLockout },
  { name: 'evaluations', up: evaluations },
  { name: 'bundles', up: bundles },
  { name: 'reuse-values', up: reuseValues },
  { name: 'agent-lockout', up: agentLockout },
  { name: 'agent-mode', up: agentMode },
  { name: 'agent-queue', up: agentQueue },
];

export const migrations: readonly Migration[] = ordered.map((m, i) => ({ ...m, version: i + 1 }));
