import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resolvePaths } from '../../../main/host/config';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const file = (content: string) => {
  const d = mkdtempSync(join(tmpdir(), 'cunzhan-cfg-'));
  dirs.push(d);
  writeFileSync(join(d, 'config.json'), content);
  return join(d, 'config.json');
};

describe('config', () => {
  it('has working defaults when the file is missing', () => {
    const r = loadConfig('/nonexistent/config.json', {});
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config).toMatchObject({ ui: { idleTimeoutSec: 90, countdownSec: 30 }, devices: { idcard: { kind: 'fake' } } });
  });

  it('reads a technician file and fills the rest with defaults', () => {
    const r = loadConfig(file(JSON.stringify({ station: { name: '样板村服务站', regionCode: '430121100202' }, devices: { idcard: { kind: 'serial', port: '/dev/ttyUSB0' } } })), {});
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.config.station).toEqual({ name: '样板村服务站', regionCode: '430121100202', hotline: '12345' });
      expect(r.config.devices.idcard).toEqual({ kind: 'serial', port: '/dev/ttyUSB0', baudRate: 115200, pollIntervalMs: 500 });
    }
  });

  it('explains a broken file in Chinese instead of crashing', () => {
    const bad = loadConfig(file('{ nope'), {});
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('不是有效的 JSON') });
    const wrong = loadConfig(file(JSON.stringify({ station: { regionCode: '12' }, ui: { idleTimeoutSec: 1 } })), {});
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.message).toMatch(/station\.regionCode.*ui\.idleTimeoutSec|ui\.idleTimeoutSec.*station\.regionCode/);
  });

  it('resolves paths from the environment', () => {
    expect(resolvePaths({ CUNZHAN_DATA_DIR: '/srv/cz' })).toMatchObject({ database: '/srv/cz/cunzhan.db', configFile: '/srv/cz/config.json', keyFile: '/srv/cz/keys/master.key' });
    expect(resolvePaths({ CUNZHAN_DATA_DIR: '/srv/cz', CUNZHAN_CONFIG: '/etc/cunzhan.json' }).configFile).toBe('/etc/cunzhan.json');
  });
});
