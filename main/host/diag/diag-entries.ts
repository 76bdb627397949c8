import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/** One file of the diagnostics bundle, as text (it is scanned and redacted before it is written). */
export interface DiagEntry {
  readonly name: string;
  readonly text: string;
}

/** Newest part of each log file: enough for the last days on a quiet station, bounded on a noisy one. */
export const LOG_TAIL_BYTES = 2 * 1024 * 1024;

const SECRET_KEY = /pin|secret|token|password|passphrase|private|^key$|Key$/i;

/** The configuration file without secrets (the technician PIN hash and anything named like a key). */
export function configWithoutSecrets(configFile: string): DiagEntry {
  if (!existsSync(configFile)) return { name: 'config.json', text: '{"note":"没有配置文件（终端处于待配置状态）"}\n' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch {
    return { name: 'config.json', text: '{"note":"配置文件不是有效的 JSON"}\n' };
  }
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, SECRET_KEY.test(k) ? '[已设置，不导出]' : strip(x)]),
      );
    return v;
  };
  return { name: 'config.json', text: `${JSON.stringify(strip(raw), null, 2)}\n` };
}

/** Row counts, sizes, schema version and a quick integrity check: no row content. */
export function databaseStatistics(db: Database.Database): DiagEntry {
  const tables = (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  const rows = Object.fromEntries(
    tables.map((t) => [
      t,
      (db.prepare(`SELECT count(*) AS n FROM "${t.replaceAll('"', '""')}"`).get() as { n: number }).n,
    ]),
  );
  const stats = {
    schema_version: db.pragma('user_version', { simple: true }) as number,
    page_size: db.pragma('page_size', { simple: true }) as number,
    page_count: db.pragma('page_count', { simple: true }) as number,
    freelist_count: db.pragma('freelist_count', { simple: true }) as number,
    journal_mode: db.pragma('journal_mode', { simple: true }) as string,
    quick_check: db.pragma('quick_check', { simple: true }) as string,
    rows,
  };
  return { name: 'database.json', text: `${JSON.stringify(stats, null, 2)}\n` };
}

/** Every log file (the newest LOG_TAIL_BYTES of each), under logs/. */
export function logEntries(logDir: string): DiagEntry[] {
  if (!existsSync(logDir)) return [];
  return readdirSync(logDir)
    .filter((name) => statSync(join(logDir, name)).isFile())
    .sort()
    .map((name) => {
      const buf = readFileSync(join(logDir, name));
      const tail = buf.length > LOG_TAIL_BYTES ? buf.subarray(buf.length - LOG_TAIL_BYTES) : buf;
      // A cut in the middle of a line or a character: drop the partial first line.
      const text = tail.toString('utf8');
      return { name: `logs/${name}`, text: tail === buf ? text : text.slice(text.indexOf('\n') + 1) };
    });
}

export function jsonEntry(name: string, value: unknown): DiagEntry {
  return { name, text: `${JSON.stringify(value, null, 2)}\n` };
}
