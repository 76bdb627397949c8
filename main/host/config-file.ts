import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '../../rules/result';
import type { AuditRecorder } from '../services/audit-port';
import { configSchema, loadConfig, type Config } from './config';

export type ConfigWriteCode = 'config_invalid' | 'config_write_failed';

export interface ConfigWriteOutcome {
  /** Top-level sections whose content changed (what the audit entry names; never values). */
  readonly changed: string[];
  /** Where the previous file was kept, or null when there was none. */
  readonly backup: string | null;
}

export function backupPathOf(path: string): string {
  return `${path}.bak`;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function changedSections(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/**
 * Writes the terminal's configuration so that a power cut at any moment leaves either the old file
 * or the new one, never half of one: the new content is checked against the schema, written to a
 * temporary file beside it, fsynced, the old file copied to `<file>.bak`, then renamed over the old
 * file and the folder fsynced. Audited as `config.write` with the sections that changed.
 */
export function writeConfigFile(
  path: string,
  next: unknown,
  audit: AuditRecorder,
  actor: { role: 'technician' | 'system'; id: string } = { role: 'technician', id: 'technician' },
): Result<ConfigWriteOutcome, ConfigWriteCode> {
  const parsed = configSchema.safeParse(next);
  if (!parsed.success) {
    audit.record({ actor, action: 'config.write', object: basename(path), result: 'config_invalid' });
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(根)').join('、');
    return err('config_invalid', `配置有错误（${where}），没有保存，请检查后重试`);
  }
  const previous = loadConfig(path, {});
  // No file yet: compare with the defaults, so only what the technician set counts as changed.
  const before: Record<string, unknown> = previous.ok ? previous.config : {};
  const text = `${JSON.stringify(next, null, 2)}\n`;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  let backup: string | null = null;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(path)) {
      backup = backupPathOf(path);
      copyFileSync(path, backup);
      const bfd = openSync(backup, 'r+');
      fsyncSync(bfd);
      closeSync(bfd);
    }
    renameSync(temp, path);
    fsyncDir(dir);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    audit.record({ actor, action: 'config.write', object: basename(path), result: 'config_write_failed' });
    return err('config_write_failed', `配置文件写不进去（${code}），请检查磁盘空间和 ${dir} 的权限`);
  }
  const changed = changedSections(before, parsed.data as Config);
  audit.record({
    actor,
    action: 'config.write',
    object: changed.length > 0 ? `config:${changed.join(',')}` : 'config:unchanged',
    result: 'ok',
  });
  return ok({ changed, backup });
}
