import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPathOf, writeConfigFile } from '../../../main/host/config-file';
import { loadConfig } from '../../../main/host/config';
import type { AuditEvent } from '../../../main/services/audit-port';

let dir: string;
let file: string;
let audited: AuditEvent[];
const audit = { record: (e: AuditEvent) => audited.push(e) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cunzhan-config-file-'));
  file = join(dir, 'config.json');
  audited = [];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const station = { name: '桃源村便民服务站', regionCode: '430121100201', hotline: '0731-12345' };

describe('writing the configuration file', () => {
  it('writes a valid configuration 0600 that loads back, and audits the sections it changed', () => {
    const r = writeConfigFile(file, { station }, audit);
    expect(r).toEqual({ ok: true, value: { changed: expect.arrayContaining(['station']) as string[], backup: null } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const loaded = loadConfig(file, {});
    expect(loaded.ok && loaded.config.station.name).toBe('桃源村便民服务站');
    expect(audited).toEqual([
      expect.objectContaining({ action: 'config.write', result: 'ok', object: expect.stringContaining('station') }),
    ]);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('keeps the previous file as a backup and names only what changed', () => {
    writeConfigFile(file, { station }, audit);
    const first = readFileSync(file, 'utf8');
    const r = writeConfigFile(file, { station, ui: { idleTimeoutSec: 120 } }, audit);
    expect(r.ok && r.value.changed).toEqual(['ui']);
    expect(r.ok && r.value.backup).toBe(backupPathOf(file));
    expect(readFileSync(backupPathOf(file), 'utf8')).toBe(first);
    expect(audited.at(-1)).toMatchObject({ object: 'config:ui', result: 'ok' });
  });

  it('refuses an invalid configuration and leaves the old file untouched', () => {
    writeConfigFile(file, { station }, audit);
    const before = readFileSync(file, 'utf8');
    const r = writeConfigFile(file, { station: { ...station, regionCode: '4301' }, colour: 'red' }, audit);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('config_invalid');
      expect(r.error.message).toContain('station.regionCode');
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(audited.at(-1)).toMatchObject({ action: 'config.write', result: 'config_invalid' });
  });

  it('says what to check when the file cannot be replaced, and leaves no temporary file', () => {
    // A folder where the file should be: the temporary file is written, the swap fails.
    mkdirSync(file);
    const r = writeConfigFile(file, { station }, audit);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'config_write_failed', message: expect.stringContaining('权限') });
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(statSync(file).isDirectory()).toBe(true);
    expect(audited.at(-1)).toMatchObject({ action: 'config.write', result: 'config_write_failed' });
  });
});
