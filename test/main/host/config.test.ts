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
    if (r.ok)
      expect(r.config).toMatchObject({
        ui: { idleTimeoutSec: 90, countdownSec: 30 },
        devices: { idcard: { kind: 'fake' } },
      });
  });

  it('reads a technician file and fills the rest with defaults', () => {
    const r = loadConfig(
      file(
        JSON.stringify({
          station: { name: '样板村服务站', regionCode: '430121100202' },
          devices: { idcard: { kind: 'serial', port: '/dev/ttyUSB0' } },
        }),
      ),
      {},
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.config.station).toEqual({ name: '样板村服务站', regionCode: '430121100202', hotline: '12345' });
      expect(r.config.devices.idcard).toEqual({
        kind: 'serial',
        port: '/dev/ttyUSB0',
        baudRate: 115200,
        pollIntervalMs: 500,
        readFingerprint: false,
        readAppendedAddress: false,
      });
    }
  });

  it('explains a broken file in Chinese instead of crashing', () => {
    const bad = loadConfig(file('{ nope'), {});
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('不是有效的 JSON') });
    const wrong = loadConfig(file(JSON.stringify({ station: { regionCode: '12' }, ui: { idleTimeoutSec: 1 } })), {});
    expect(wrong.ok).toBe(false);
    if (!wrong.ok)
      expect(wrong.message).toMatch(/station\.regionCode.*ui\.idleTimeoutSec|ui\.idleTimeoutSec.*station\.regionCode/);
  });

  it('is not a demo unless asked, and knows whether a file configured it', () => {
    const none = loadConfig('/nonexistent/config.json', {});
    expect(none).toMatchObject({ ok: true, fromFile: false, config: { demo: false } });
    expect(loadConfig(file('{}'), {})).toMatchObject({ ok: true, fromFile: true, config: { demo: false } });
  });

  it('passes the reader its own settings (fingerprint, appended address)', () => {
    const r = loadConfig(
      file(
        JSON.stringify({
          devices: {
            idcard: {
              kind: 'serial',
              port: '/dev/ttyUSB0',
              readFingerprint: true,
              readAppendedAddress: true,
              baudRate: 9600,
            },
          },
        }),
      ),
      {},
    );
    expect(r.ok && r.config.devices.idcard).toMatchObject({
      readFingerprint: true,
      readAppendedAddress: true,
      baudRate: 9600,
    });
    const badRate = loadConfig(
      file(JSON.stringify({ devices: { idcard: { kind: 'serial', port: '/dev/ttyUSB0', baudRate: 4800 } } })),
      {},
    );
    expect(badRate.ok).toBe(false);
  });

  it('names a misspelt key, wherever it is, in Chinese', () => {
    const top = loadConfig(file(JSON.stringify({ demoo: true })), {});
    expect(top).toMatchObject({ ok: false, message: expect.stringContaining('未知的配置项 demoo') });
    const reader = loadConfig(
      file(JSON.stringify({ devices: { idcard: { kind: 'serial', port: '/dev/ttyUSB0', readFingerprnt: true } } })),
      {},
    );
    expect(reader).toMatchObject({ ok: false, message: expect.stringContaining('devices.idcard.readFingerprnt') });
    const knob = loadConfig(file(JSON.stringify({ sync: { engine: { conectTimeoutMs: 5000 } } })), {});
    expect(knob).toMatchObject({
      ok: false,
      message: expect.stringContaining('未知的配置项 sync.engine.conectTimeoutMs'),
    });
  });

  it('types the sync engine knobs and keeps the protocol limits', () => {
    const good = loadConfig(
      file(JSON.stringify({ sync: { engine: { connectTimeoutMs: 5000, compression: 'gzip' } } })),
      {},
    );
    expect(good.ok && good.config.sync.engine).toEqual({ connectTimeoutMs: 5000, compression: 'gzip' });
    expect(loadConfig(file(JSON.stringify({ sync: { engine: { connectTimeoutMs: '5000' } } })), {}).ok).toBe(false);
    expect(loadConfig(file(JSON.stringify({ sync: { engine: { blobChunkBytes: 128 * 1024 } } })), {}).ok).toBe(false);
    expect(loadConfig(file(JSON.stringify({ sync: { engine: { probeMinMs: 90_000 } } })), {})).toMatchObject({
      ok: false,
      message: expect.stringContaining('probeMinMs'),
    });
  });

  it('resolves paths from the environment', () => {
    expect(resolvePaths({ CUNZHAN_DATA_DIR: '/srv/cz' })).toMatchObject({
      database: '/srv/cz/cunzhan.db',
      configFile: '/srv/cz/config.json',
      keyFile: '/srv/cz/keys/master.key',
    });
    expect(resolvePaths({ CUNZHAN_DATA_DIR: '/srv/cz', CUNZHAN_CONFIG: '/etc/cunzhan.json' }).configFile).toBe(
      '/etc/cunzhan.json',
    );
  });
});
