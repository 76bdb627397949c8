import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../../../scripts/build-electron';

// The `cunzhan` CLI as built to dist/main/host/cli.js (what the packaged binary imports with
// --cunzhan-cli), run under Node: the commands must be inside the bundle and load on demand.
const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
// Inside the repo so the bundle resolves node_modules as it does in the packaged app.
const outDir = path.join(repoRoot, 'out', `cli-test-${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'cz-cli-bundle-'));

beforeAll(async () => {
  await buildElectron(outDir, ['cli']);
}, 60_000);
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

async function cunzhan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // As Electron main does with --cunzhan-cli: import the bundle, call runCunzhanCli. (Not
    // `node cli.js`: the bundled tools' own `argv[1] === import.meta.url` guards would fire too.)
    const driver = `const m = await import(${JSON.stringify(pathToFileURL(path.join(outDir, 'main/host/cli.js')).href)}); process.exit(await m.runCunzhanCli(process.argv.slice(1)));`;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', driver, ...args], {
      env: { ...process.env, CUNZHAN_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('built cunzhan CLI', () => {
  it('prints its commands and runs the bundled device and sync tools', async () => {
    const help = await cunzhan('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/用法: cunzhan <命令>[\s\S]*device[\s\S]*sync/);
    const device = await cunzhan('device');
    expect(device.code).toBe(2);
    expect(device.stderr).toMatch(/idcard\|printer\|scanner/);
    const pin = await cunzhan('sync', 'tech-pin', '246810');
    expect(pin.code).toBe(0);
    expect(pin.stdout).toMatch(/^scrypt\$/m);
    // The diagnostics command and its tar writer load from the bundle too.
    const diag = await cunzhan('diag');
    expect(diag.code).toBe(2);
    expect(diag.stderr).toContain('用法: cunzhan diag --out');
  });
});
