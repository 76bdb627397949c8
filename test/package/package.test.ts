import { listPackage, statFile, extractFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../scripts/build-electron';
import { runPackage } from '../../scripts/package';
import { makeStandinElectron } from '../helpers/standin-electron';

/**
 * Builds the package once, as `npm run package -- --dir` does, against a stand-in Electron
 * (the real binary cannot be downloaded here), then opens what electron-builder produced.
 * Dependencies are not rebuilt for Electron's ABI (that needs Electron's headers: release machine).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'cz-package-'));
const outDir = path.join(work, 'out');
const appDir = path.join(outDir, 'linux-unpacked');
const asarPath = path.join(appDir, 'resources', 'app.asar');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (
  JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;
let files: string[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) {
    execFileSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'renderer/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: repoRoot, stdio: 'inherit' },
    );
  }
  await buildElectron();
  const electronDist = makeStandinElectron(path.join(work, 'electron'), electronVersion);
  const code = await runPackage([
    '--dir',
    `--electron-dist=${electronDist}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${outDir}`,
  ]);
  expect(code).toBe(0);
  files = listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const packageOf = (file: string): string | null => {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  return m ? m[1]! : null;
};

describe('npm run package (--dir, stand-in Electron)', () => {
  it('makes the kiosk executable and an app.asar whose main entry is the built main bundle', () => {
    expect(existsSync(path.join(appDir, 'cunzhan-kiosk'))).toBe(true);
    const packed = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main: string; type: string };
    expect(packed.main).toBe(pkg.main);
    expect(packed.type).toBe('module');
    for (const entry of [
      packed.main,
      'dist/main/electron/preload.cjs',
      'dist/main/host/utility-entry.js',
      'dist/main/host/cli.js',
      'dist/seed/catalog.json',
      'dist/renderer/index.html',
    ]) {
      expect(files, entry).toContain(`/${entry}`);
    }
  });

  it('holds built files only: no sources, tests, maps or development dependencies', () => {
    const outsideNodeModules = files.filter((f) => f !== '/node_modules' && !f.startsWith('/node_modules/'));
    expect(outsideNodeModules.filter((f) => f !== '/package.json' && f !== '/dist' && !f.startsWith('/dist/'))).toEqual(
      [],
    );
    expect(files.filter((f) => /\.(ts|tsx|mts|cts|map)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /\/node_modules\/.*\/(test|tests|__tests__)\//.test(f))).toEqual([]);
    const shipped = new Set(files.map(packageOf).filter((p): p is string => p !== null));
    // Dev-only as npm itself decides it: the lock file marks every package that only development
    // dependencies reach (a devDependency like semver that a runtime package also needs is not).
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; version?: string }>;
    };
    const devOnly = Object.entries(lock.packages)
      .filter(([where, entry]) => entry.dev === true && /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.test(where))
      .map(([where]) => where.slice('node_modules/'.length));
    expect(devOnly).toEqual(expect.arrayContaining(['vitest', 'typescript']));
    // electron-builder hoists a runtime package's nested copy (tar's yallist 5) to the top, where the
    // lock has a dev-only copy of another version (yallist 3): what ships must be a runtime version.
    const runtimeVersions = (name: string): string[] =>
      Object.entries(lock.packages)
        .filter(([where, entry]) => entry.dev !== true && where.endsWith(`node_modules/${name}`))
        .map(([, entry]) => entry.version ?? '');
    const shippedDevOnly = devOnly.filter((name) => {
      if (!shipped.has(name)) return false;
      const version = (
        JSON.parse(extractFile(asarPath, `node_modules/${name}/package.json`).toString('utf8')) as {
          version: string;
        }
      ).version;
      return !runtimeVersions(name).includes(version);
    });
    expect(shippedDevOnly).toEqual([]);
    for (const name of Object.keys(pkg.dependencies)) expect(shipped.has(name), name).toBe(true);
  });

  it('keeps native addons outside the archive, where they can be loaded', () => {
    const addons = files.filter((f) => f.endsWith('.node'));
    expect(addons.some((f) => f.startsWith('/node_modules/better-sqlite3/'))).toBe(true);
    expect(addons.some((f) => f.startsWith('/node_modules/node-hid/'))).toBe(true);
    expect(addons.some((f) => f.startsWith('/node_modules/@serialport/bindings-cpp/'))).toBe(true);
    for (const addon of addons) {
      expect(statFile(asarPath, addon.slice(1)), addon).toMatchObject({ unpacked: true });
      expect(existsSync(path.join(`${asarPath}.unpacked`, addon)), addon).toBe(true);
    }
    expect(addons.filter((f) => /\/prebuilds\/(win32|darwin|android)-/.test(f))).toEqual([]);
  });

  it('ships every package the built bundles import', () => {
    const bundles = files.filter((f) => /^\/dist\/main\/.*\.(js|cjs)$/.test(f));
    const builtins = new Set([...builtinModules, 'electron']);
    const imported = new Set<string>();
    for (const bundle of bundles) {
      const text = extractFile(asarPath, bundle.slice(1)).toString('utf8');
      for (const m of text.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\(\s*)["']([^"'./][^"']*)["']/g,
      )) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || builtins.has(spec.split('/')[0]!)) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(3);
    for (const name of imported) expect(files, name).toContain(`/node_modules/${name}/package.json`);
  });

  it('puts the deb’s udev rules, kiosk service and cunzhan command into resources/linux unchanged', () => {
    for (const name of ['70-cunzhan.rules', 'cunzhan-kiosk.service', 'cunzhan']) {
      expect(readFileSync(path.join(appDir, 'resources/linux', name)), name).toEqual(
        readFileSync(path.join(repoRoot, 'build/linux', name)),
      );
    }
  });

  it('carries the Arphic Public License of the handwriting data, word for word as upstream', () => {
    const shipped = readFileSync(path.join(appDir, 'resources/licenses/ARPHICPL.TXT'));
    expect(shipped).toEqual(readFileSync(path.join(repoRoot, 'node_modules/hanzi-writer-data/ARPHICPL.TXT')));
    expect(readFileSync(path.join(appDir, 'resources/licenses/README.md'), 'utf8')).toContain('templates.data.ts');
  });

  it('flips the fuses in the packaged binary (read back with @electron/fuses)', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'cunzhan-kiosk'));
    // The wire holds ASCII '0' / '1' per fuse (FuseState in @electron/fuses, not exported).
    const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;
    const state = (fuse: FuseV1Options) => wire[fuse];
    expect(wire.version).toBe('1');
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
  });
});
