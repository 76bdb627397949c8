import { describe, expect, it } from 'vitest';
import { resolvePaths } from '../../../main/host/config';
import {
  isPackagedBundle,
  packagedEnvironment,
  PACKAGED_CONFIG_FILE,
  PACKAGED_DATA_DIR,
} from '../../../main/host/packaged-paths';

describe('packaged paths', () => {
  it('recognises a module loaded from inside app.asar, and only that', () => {
    expect(isPackagedBundle('file:///opt/cunzhan/resources/app.asar/dist/main/host/utility-entry.js')).toBe(true);
    expect(isPackagedBundle('file:///opt/%E6%9D%91%E7%AB%99/resources/app.asar/dist/main/host/cli.js')).toBe(true);
    expect(isPackagedBundle('file:///home/dev/cunzhan/dist/main/host/utility-entry.js')).toBe(false);
    expect(isPackagedBundle('file:///home/dev/app.asar.d/x.js')).toBe(false);
    expect(isPackagedBundle(import.meta.url)).toBe(false);
  });

  it('resolves the fixed system paths when packaged, ignoring the environment', () => {
    const env = { CUNZHAN_DATA_DIR: '/tmp/evil', CUNZHAN_CONFIG: '/tmp/evil.json', XDG_DATA_HOME: '/tmp/x' };
    expect(resolvePaths(env, { packaged: true })).toEqual({
      dataDir: PACKAGED_DATA_DIR,
      configFile: PACKAGED_CONFIG_FILE,
      database: '/var/lib/cunzhan/cunzhan.db',
      keyFile: '/var/lib/cunzhan/keys/master.key',
      logDir: '/var/lib/cunzhan/logs',
    });
    expect(resolvePaths(env)).toMatchObject({ dataDir: '/tmp/evil', configFile: '/tmp/evil.json' });
  });

  it('drops every CUNZHAN_* override and NODE_OPTIONS and pins the fixed paths', () => {
    const env = packagedEnvironment({
      PATH: '/usr/bin',
      LANG: 'zh_CN.UTF-8',
      CUNZHAN_DEV: '1',
      CUNZHAN_IDLE_TIMEOUT_SEC: '5',
      CUNZHAN_DATA_DIR: '/tmp/evil',
      NODE_OPTIONS: '--require x',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      LANG: 'zh_CN.UTF-8',
      CUNZHAN_DATA_DIR: '/var/lib/cunzhan',
      CUNZHAN_CONFIG: '/etc/cunzhan/config.json',
    });
  });
});
