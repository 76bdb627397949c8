import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPackagedSwitches, parseLaunchOptions } from '../../../main/electron/launch-options';

const bundleDir = '/opt/cunzhan/resources/app.asar/dist/main/electron';
const rendererDir = '/opt/cunzhan/resources/app.asar/dist/renderer';

describe('parseLaunchOptions', () => {
  it('is production by default, serving dist/renderer from the app', () => {
    expect(parseLaunchOptions({ argv: ['electron', '.'], env: {}, isPackaged: false, bundleDir })).toEqual({
      dev: false,
      packaged: false,
      rendererDir,
    });
  });

  it('turns on dev only with an explicit flag in an unpackaged app', () => {
    expect(parseLaunchOptions({ argv: ['electron', '.', '--dev'], env: {}, isPackaged: false, bundleDir }).dev).toBe(
      true,
    );
    expect(
      parseLaunchOptions({ argv: ['electron', '.'], env: { CUNZHAN_DEV: '1' }, isPackaged: false, bundleDir }).dev,
    ).toBe(true);
    expect(
      parseLaunchOptions({ argv: ['electron', '.'], env: { CUNZHAN_DEV: 'true' }, isPackaged: false, bundleDir }).dev,
    ).toBe(false);
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

  it('takes a renderer folder override in dev and a config path when unpackaged', () => {
    const opts = parseLaunchOptions({
      argv: ['electron', '.', '--dev', '--renderer-dir=/tmp/r', '--config=/srv/c.json'],
      env: {},
      isPackaged: false,
      bundleDir,
    });
    expect(opts).toEqual({
      dev: true,
      packaged: false,
      rendererDir: path.resolve('/tmp/r'),
      configPath: path.resolve('/srv/c.json'),
    });
    expect(
      parseLaunchOptions({ argv: [], env: { CUNZHAN_CONFIG: '/srv/c.json' }, isPackaged: false, bundleDir }).configPath,
    ).toBe(path.resolve('/srv/c.json'));
  });

  it('reads /etc/cunzhan/config.json in a package whatever the argument or environment says', () => {
    const facts = {
      argv: ['cunzhan', '--config=/tmp/evil.json'],
      env: { CUNZHAN_CONFIG: '/tmp/evil2.json', CUNZHAN_DATA_DIR: '/tmp/d' },
      isPackaged: true,
      bundleDir,
    };
    expect(parseLaunchOptions(facts)).toEqual({
      dev: false,
      packaged: true,
      rendererDir,
      configPath: '/etc/cunzhan/config.json',
    });
    expect(parseLaunchOptions({ ...facts, argv: ['cunzhan'], env: {} }).configPath).toBe('/etc/cunzhan/config.json');
  });
});

describe('checkPackagedSwitches', () => {
  it('refuses debugger switches in a package, with a message that says what to do', () => {
    for (const arg of [
      '--remote-debugging-port=9222',
      '--remote-debugging-port',
      '-remote-debugging-port=9222',
      '--remote-debugging-pipe',
      '--inspect',
      '--inspect=0.0.0.0:9229',
      '--inspect-brk',
      '--inspect-port=1',
      '--js-flags=--allow-natives-syntax',
      '--REMOTE-DEBUGGING-PORT=1',
    ]) {
      const result = checkPackagedSwitches(['/opt/cunzhan/cunzhan', '--no-sandbox', arg], true);
      expect(result, arg).toMatchObject({ ok: false, error: { code: 'forbidden_switch' } });
      if (!result.ok) {
        expect(result.error.message).toContain(arg.split('=')[0]);
        expect(result.error.message).toMatch(/去掉该参数/);
      }
    }
  });

  it('lets a package start with ordinary switches, and an unpackaged app debug', () => {
    expect(
      checkPackagedSwitches(
        ['/opt/cunzhan/cunzhan', '--no-sandbox', '--ozone-platform=wayland', '--cunzhan-cli', 'device'],
        true,
      ),
    ).toEqual({ ok: true, value: undefined });
    expect(checkPackagedSwitches(['electron', '.', '--remote-debugging-port=9222', '--inspect'], false)).toEqual({
      ok: true,
      value: undefined,
    });
    // The executable's own path is not a switch.
    expect(checkPackagedSwitches(['--inspect-named-binary'], true).ok).toBe(true);
  });
});
