import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLaunchOptions } from '../../../main/electron/launch-options';

const bundleDir = '/opt/cunzhan/resources/app.asar/dist/main/electron';
const rendererDir = '/opt/cunzhan/resources/app.asar/dist/renderer';

describe('parseLaunchOptions', () => {
  it('is production by default, serving dist/renderer from the app', () => {
    expect(parseLaunchOptions({ argv: ['electron', '.'], env: {}, isPackaged: false, bundleDir })).toEqual({
      dev: false,
      rendererDir,
    });
  });

  it('turns on dev only with an explicit flag in an unpackaged app', () => {
    expect(parseLaunchOptions({ argv: ['electron', '.', '--dev'], env: {}, isPackaged: false, bundleDir }).dev).toBe(true);
    expect(parseLaunchOptions({ argv: ['electron', '.'], env: { CUNZHAN_DEV: '1' }, isPackaged: false, bundleDir }).dev).toBe(true);
    expect(parseLaunchOptions({ argv: ['electron', '.'], env: { CUNZHAN_DEV: 'true' }, isPackaged: false, bundleDir }).dev).toBe(false);
  });

  it('ignores the dev flag and the renderer override in a packaged kiosk', () => {
    const opts = parseLaunchOptions({
      argv: ['cunzhan', '--dev', '--renderer-dir=/tmp/evil'],
      env: { CUNZHAN_DEV: '1', CUNZHAN_RENDERER_DIR: '/tmp/evil' },
      isPackaged: true,
      bundleDir,
    });
    expect(opts.dev).toBe(false);
    expect(opts.rendererDir).toBe(rendererDir);
  });

  it('takes a renderer folder override in dev and a config path always', () => {
    const opts = parseLaunchOptions({ argv: ['electron', '.', '--dev', '--renderer-dir=/tmp/r', '--config=/etc/cunzhan/config.json'], env: {}, isPackaged: false, bundleDir });
    expect(opts).toEqual({ dev: true, rendererDir: path.resolve('/tmp/r'), configPath: path.resolve('/etc/cunzhan/config.json') });
    expect(parseLaunchOptions({ argv: [], env: { CUNZHAN_CONFIG: '/etc/c.json' }, isPackaged: true, bundleDir }).configPath).toBe(path.resolve('/etc/c.json'));
  });
});
