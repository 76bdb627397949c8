import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Both come with electron-builder (a devDependency); the validator is the one electron-builder runs.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};

const config = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const quiet = { isDebugEnabled: false, add() {}, debug() {}, info() {}, warn() {} };

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(structuredClone(config), quiet)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), electronFusez: {} }, quiet)).rejects.toThrow();
  });

  it('flips the fuses that close Node-level back doors', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('unpacks native modules from the asar and targets AppImage and deb', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/*.node',
        'node_modules/better-sqlite3/**',
        'node_modules/@serialport/**',
        'node_modules/node-hid/**',
      ]),
    );
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
  });

  it('packages the built app that package.json points Electron at', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*']));
  });
});
