import path from 'node:path';
import { err, ok, type Result } from '../../rules/result';
import { PACKAGED_CONFIG_FILE } from '../host/packaged-paths';

export interface LaunchOptions {
  /** Development: a normal framed window and DevTools. Never in a packaged build. */
  dev: boolean;
  /** An installed package: fixed system paths, no environment overrides (docs/electron-shell.md). */
  packaged: boolean;
  /** Folder served as app://kiosk/. */
  rendererDir: string;
  /** Service host config file passed to the utility process, if any. */
  configPath?: string;
}

export interface LaunchFacts {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  isPackaged: boolean;
  /**
   * Folder of the built main.js (dist/main/electron). The renderer is found relative to it
   * (dist/renderer), which holds inside app.asar and when Electron is started on the file.
   */
  bundleDir: string;
}

const DEV_FLAG = '--dev';

/**
 * Dev mode needs an explicit flag (`--dev` or CUNZHAN_DEV=1) and an unpackaged app: a
 * packaged kiosk ignores both, so nobody at the station can open DevTools or leave kiosk mode
 * by editing a shortcut. The renderer folder and the config file may be chosen only outside a
 * package as well; a package always reads /etc/cunzhan/config.json.
 */
export function parseLaunchOptions(facts: LaunchFacts): LaunchOptions {
  const packaged = facts.isPackaged;
  const wantsDev = facts.argv.includes(DEV_FLAG) || facts.env.CUNZHAN_DEV === '1';
  const dev = wantsDev && !packaged;
  const override = dev ? (valueOf(facts.argv, '--renderer-dir') ?? facts.env.CUNZHAN_RENDERER_DIR) : undefined;
  const rendererDir = override ? path.resolve(override) : path.resolve(facts.bundleDir, '..', '..', 'renderer');
  if (packaged) return { dev, packaged, rendererDir, configPath: PACKAGED_CONFIG_FILE };
  const configPath = valueOf(facts.argv, '--config') ?? facts.env.CUNZHAN_CONFIG;
  return configPath
    ? { dev, packaged, rendererDir, configPath: path.resolve(configPath) }
    : { dev, packaged, rendererDir };
}

/**
 * Switches that open a debugger into the kiosk (Chromium's DevTools protocol, Node's
 * inspector, V8 flags). Chromium reads its switches itself, so ignoring them is not possible:
 * a packaged kiosk given one refuses to start instead. Matched by prefix so `--inspect-brk`,
 * `--inspect-port` and `--remote-debugging-pipe` are covered too.
 */
const FORBIDDEN_SWITCH_PREFIXES = ['remote-debugging-', 'inspect', 'js-flags', 'remote-allow-origins'] as const;

export type SwitchRefusal = 'forbidden_switch';

export function checkPackagedSwitches(argv: readonly string[], isPackaged: boolean): Result<void, SwitchRefusal> {
  if (!isPackaged) return ok(undefined);
  // argv[0] is the executable; Chromium accepts both `--name` and `-name` on Linux.
  for (const arg of argv.slice(1)) {
    const name = /^--?([^=]+)/.exec(arg)?.[1]?.toLowerCase();
    if (name !== undefined && FORBIDDEN_SWITCH_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      return err(
        'forbidden_switch',
        `安装版终端不接受调试参数 ${arg.split('=')[0]}，已退出。请去掉该参数后重新启动（调试请用源码目录的开发模式）。`,
      );
    }
  }
  return ok(undefined);
}

function valueOf(argv: readonly string[], name: string): string | undefined {
  const prefix = `${name}=`;
  const hit = argv.find((a) => a.startsWith(prefix));
  return hit === undefined ? undefined : hit.slice(prefix.length) || undefined;
}
