/**
 * `npm run package -- [--electron-dist=<dir or zip>] [--dir] [electron-builder options…]`
 * Packages the built app (npm run build && npm run build:electron, which `npm run package` runs
 * first) with electron-builder and electron-builder.yml: an AppImage and a deb in
 * artifacts/release, or with --dir only the unpacked app (artifacts/release/linux-unpacked).
 *
 * --electron-dist: a local Electron for the target (docs/electron-shell.md, release machine).
 * Without it electron-builder downloads Electron, which only a release machine with network can.
 * Other arguments go to electron-builder unchanged (e.g. -c.directories.output=/tmp/out).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function electronBuilderArgs(argv: readonly string[], electronVersion: string): string[] {
  const args = ['--linux', '--config', 'electron-builder.yml', `-c.electronVersion=${electronVersion}`];
  const targets: string[] = [];
  for (const arg of argv) {
    if (arg === '--dir') targets.push('dir');
    else if (arg.startsWith('--electron-dist='))
      args.push(`-c.electronDist=${path.resolve(arg.slice('--electron-dist='.length))}`);
    else args.push(arg);
  }
  // `--linux dir` builds only the unpacked app; plain `--linux` builds the targets in the yml.
  return targets.length > 0 ? [args[0]!, ...targets, ...args.slice(1)] : args;
}

export function runPackage(argv: readonly string[]): Promise<number> {
  const electronVersion = (
    JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }
  ).version;
  const cli = require.resolve('electron-builder/cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...electronBuilderArgs(argv, electronVersion)], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runPackage(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
