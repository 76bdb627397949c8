import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../../main/host/config';
import { secureDataFolder } from '../../../main/host/data-folder';
import { startTempHost } from '../../helpers/temp-host';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('the data folder', () => {
  it('tightens a folder and files readable by others, and reports each fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunzhan-modes-'));
    dirs.push(dir);
    const paths = resolvePaths({ CUNZHAN_DATA_DIR: dir });
    chmodSync(dir, 0o755);
    writeFileSync(paths.database, 'x', { mode: 0o644 });
    writeFileSync(`${paths.database}-wal`, 'x', { mode: 0o666 });
    mkdirSync(join(dir, 'keys'), { mode: 0o755 });
    writeFileSync(paths.keyFile, 'k', { mode: 0o640 });
    writeFileSync(join(dir, 'config.json'), '{}', { mode: 0o644 });

    const r = secureDataFolder(paths);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(paths.database)).toBe(0o600);
    expect(modeOf(`${paths.database}-wal`)).toBe(0o600);
    expect(modeOf(join(dir, 'keys'))).toBe(0o700);
    expect(modeOf(paths.keyFile)).toBe(0o600);
    expect(r.value.fixed.map((f) => f.path).sort()).toEqual(
      [dir, paths.database, `${paths.database}-wal`, join(dir, 'keys'), paths.keyFile].sort(),
    );
    expect(secureDataFolder(paths)).toEqual({ ok: true, value: { fixed: [] } });
  });

  it('refuses a folder owned by another user, saying what to run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunzhan-modes-'));
    dirs.push(dir);
    const r = secureDataFolder(resolvePaths({ CUNZHAN_DATA_DIR: dir }), statSync(dir).uid + 1);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'data_folder_insecure', message: expect.stringContaining('chown') as string },
    });
  });

  it('leaves a started host with a 0700 folder and 0600 database, WAL and key', async () => {
    const host = await startTempHost();
    try {
      expect(modeOf(host.dir)).toBe(0o700);
      for (const f of [host.paths.database, `${host.paths.database}-wal`, host.paths.keyFile])
        expect(modeOf(f)).toBe(0o600);
    } finally {
      await host.cleanup();
    }
  });
});
