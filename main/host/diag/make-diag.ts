import type Database from 'better-sqlite3';
import { err, type Result } from '../../../rules/result';
import type { AuditRecorder } from '../../services/audit-port';
import type { FieldCipher } from '../../store/field-cipher';
import type { Paths } from '../config';
import { writeDiagBundle, type DiagCode, type DiagReport } from './diag-bundle';
import { configWithoutSecrets, databaseStatistics, jsonEntry, logEntries } from './diag-entries';
import { personalStrings } from './personal-strings';

export interface DiagSources {
  readonly paths: Paths;
  readonly db: Database.Database;
  readonly cipher: FieldCipher;
  readonly version: string;
  readonly audit: AuditRecorder;
  readonly syncStatus: () => unknown;
  readonly agentNames: () => readonly string[];
  /** Device states and discovery results (never personal data; scanned anyway). */
  readonly deviceProbes: () => Promise<unknown>;
  readonly now?: () => Date;
}

const technician = { role: 'technician', id: 'technician' } as const;

/**
 * The technician's diagnostics bundle: logs, configuration without secrets, device probes, sync
 * status, database statistics and schema version, scanned and redacted (diag-bundle.ts). The same
 * code behind `cunzhan diag --out FILE` and the technician screen's button. Audited either way.
 */
export async function makeDiagBundle(
  out: string,
  s: DiagSources,
): Promise<Result<DiagReport, DiagCode | 'diag_records_unreadable'>> {
  const names = personalStrings(s.db, s.cipher, s.agentNames());
  if (!names.ok) {
    s.audit.record({ actor: technician, action: 'diag.export', object: 'bundle', result: names.error.code });
    return err(names.error.code, names.error.message);
  }
  const db = databaseStatistics(s.db);
  const entries = [
    configWithoutSecrets(s.paths.configFile),
    db,
    jsonEntry('sync-status.json', s.syncStatus()),
    jsonEntry('devices.json', await s.deviceProbes()),
    ...logEntries(s.paths.logDir),
  ];
  const meta = {
    created_at: (s.now ?? (() => new Date()))().toISOString(),
    version: s.version,
    schema_version: (JSON.parse(db.text) as { schema_version: number }).schema_version,
  };
  const r = await writeDiagBundle(out, entries, names.value, meta);
  s.audit.record({ actor: technician, action: 'diag.export', object: 'bundle', result: r.ok ? 'ok' : r.error.code });
  return r;
}
