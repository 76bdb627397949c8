import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingFromLdd, missingFromLoadError, planFix, probeProgram } from '../../scripts/native-addons';

const root = new URL('../..', import.meta.url).pathname;

function nodeFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.node'))
    .map((e) => join(e.parentPath, e.name));
}

function runProbe(loaders?: Record<string, string>): {
  loaded: string[];
  errors: { addon: string; message: string }[];
} {
  const run = spawnSync(process.execPath, ['-e', probeProgram(loaders)], { cwd: root, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ReturnType<typeof runProbe>;
}

describe('reading the dynamic linker', () => {
  it('finds the libraries ldd cannot resolve', () => {
    const ldd = [
      '\tlinux-vdso.so.1 (0x00007ffd)',
      '\tlibudev.so.1 => /lib/x86_64-linux-gnu/libudev.so.1 (0x00007f44)',
      '\tlibusb-1.0.so.0 => not found',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f44)',
      '\tlibweird.so.3 => not found',
    ].join('\n');
    expect(missingFromLdd(ldd)).toEqual(['libusb-1.0.so.0', 'libweird.so.3']);
    expect(missingFromLdd('\tlibc.so.6 => /lib/libc.so.6 (0x1)')).toEqual([]);
  });

  it('names the library a failed load could not open', () => {
    expect(missingFromLoadError('libusb-1.0.so.0: cannot open shared object file: No such file or directory')).toBe(
      'libusb-1.0.so.0',
    );
    expect(missingFromLoadError('Error: /x/HID.node: invalid ELF header')).toBeNull();
  });

  it('installs known packages and names the rest', () => {
    expect(
      planFix(['libusb-1.0.so.0', 'libusb-1.0.so.0', 'libudev.so.1', 'libmystery.so.2'], ['node-hid: boom']),
    ).toEqual({
      install: ['libudev1', 'libusb-1.0-0'],
      unknown: [
        'node-hid: boom',
        'libmystery.so.2 (no known Debian package: find it with apt-file search libmystery.so.2)',
      ],
    });
  });
});

describe('the addon probe', () => {
  it('reports an addon that fails to load instead of crashing', () => {
    const probe = runProbe({
      broken: "throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory')",
    });
    expect(probe.errors).toEqual([
      { addon: 'broken', message: 'libusb-1.0.so.0: cannot open shared object file: No such file or directory' },
    ]);
    expect(probe.loaded).toEqual([]);
  });

  it('loads an addon from every runtime package that ships one (so a new native dependency is covered)', () => {
    const probe = runProbe();
    expect(probe.errors).toEqual([]);
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const nativePackages = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.dev && existsSync(join(root, path)))
      .filter(([path]) => nodeFilesUnder(join(root, path)).length > 0)
      .map(([path]) => path);
    expect(nativePackages).toContain('node_modules/node-hid');
    const uncovered = nativePackages.filter(
      (pkg) => !probe.loaded.some((file) => relative(root, file).startsWith(`${pkg}/`)),
    );
    expect(uncovered).toEqual([]);
    // Both node-hid variants: hidraw (Linux default) and libusb.
    expect(probe.loaded.filter((f) => f.includes('node-hid/'))).toHaveLength(2);
  });

  it('passes on this machine: every linked library is installed', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-native-addons.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/native addons: \d+ loaded, every linked library present/);
  });
});
