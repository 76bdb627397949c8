import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '../../rules/result';
import type { Paths } from './config';

export interface ModeFix {
  readonly path: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The data folder holds the database (personal data, sealed), its WAL, the keys and the logs:
 * owner only. Folders must be 0700 and files 0600; a looser mode is tightened (and reported), a
 * path owned by someone else or that cannot be tightened is refused with a message saying what to do.
 */
export function secureDataFolder(
  paths: Paths,
  uid: number | null = process.getuid?.() ?? null,
): Result<{ fixed: ModeFix[] }, 'data_folder_insecure'> {
  const fixed: ModeFix[] = [];
  if (!existsSync(paths.dataDir)) mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const dbName = basename(paths.database);
  const targets: { path: string; dir: boolean }[] = [{ path: paths.dataDir, dir: true }];
  for (const name of readdirSync(paths.dataDir)) {
    if (name === dbName || name.startsWith(`${dbName}-`)) targets.push({ path: join(paths.dataDir, name), dir: false });
  }
  for (const dir of [dirname(paths.keyFile), paths.logDir, join(paths.dataDir, 'receipts')]) {
    if (!existsSync(dir)) continue;
    targets.push({ path: dir, dir: true });
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isFile()) targets.push({ path, dir: false });
    }
  }
  for (const t of targets) {
    const st = statSync(t.path);
    if (uid !== null && st.uid !== uid) {
      return err(
        'data_folder_insecure',
        `数据文件 ${t.path} 属于另一个用户（uid ${st.uid}），终端拒绝启动。请用运行终端的用户执行：sudo chown -R $(id -u) ${paths.dataDir}`,
      );
    }
    const mode = st.mode & 0o777;
    const want = t.dir ? 0o700 : 0o600;
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(t.path, want);
    } catch (error) {
      return err(
        'data_folder_insecure',
        `数据文件 ${t.path} 的权限是 ${mode.toString(8)}，别人可以读取，且无法改正（${(error as Error).message}）。请执行：chmod ${want.toString(8)} ${t.path}`,
      );
    }
    fixed.push({ path: t.path, from: mode, to: want });
  }
  return ok({ fixed });
}
