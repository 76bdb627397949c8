import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function npxCunzhan(args: string[], env: Record<string, string> = {}) {
  return spawnSync('npx', ['cunzhan', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npx cunzhan in a checkout', () => {
  it('runs the field command from the sources', () => {
    const r = npxCunzhan(['help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^用法: cunzhan <命令>/);
    expect(r.stdout).toContain('diag');
  }, 90_000);

  it('passes arguments and exit codes through: audit verify without a terminal database', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-npx-'));
    try {
      const r = npxCunzhan(['audit', 'verify'], { CUNZHAN_DATA_DIR: dataDir });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('没有找到终端数据库');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
