import path from 'node:path';

export interface LaunchOptions {
  /** Development: a normal framed window and DevTools. Never in a packaged build. */
  dev: boolean;
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
 * by editing a shortcut. The renderer folder may be overridden only in dev as well.
 */
export function parseLaunchOptions(facts: LaunchFacts): LaunchOptions {
  const wantsDev = facts.argv.includes(DEV_FLAG) || facts.env.CUNZHAN_DEV === '1';
  const dev = wantsDev && !facts.isPackaged;
  const override = dev ? valueOf(facts.argv, '--renderer-dir') ?? facts.env.CUNZHAN_RENDERER_DIR : undefined;
  const rendererDir = override ? path.resolve(override) : path.resolve(facts.bundleDir, '..', '..', 'renderer');
  const configPath = valueOf(facts.argv, '--config') ?? facts.env.CUNZHAN_CONFIG;
  return configPath ? { dev, rendererDir, configPath: path.resolve(configPath) } : { dev, rendererDir };
}

function valueOf(argv: readonly string[], name: string): string | undefined {
  const prefix = `${name}=`;
  const hit = argv.find((a) => a.startsWith(prefix));
  return hit === undefined ? undefined : hit.slice(prefix.length) || undefined;
}
