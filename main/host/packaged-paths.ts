/**
 * Where an installed (packaged) terminal keeps its configuration and data. Fixed system paths,
 * not environment variables: on a station anyone who can edit a desktop shortcut or a systemd
 * drop-in could otherwise point the kiosk at a config or database of their choosing.
 * The deb creates both (build/linux/after-install.sh).
 */
export const PACKAGED_CONFIG_FILE = '/etc/cunzhan/config.json';
export const PACKAGED_DATA_DIR = '/var/lib/cunzhan';

/**
 * True when this module was loaded from inside an app.asar archive, i.e. from an installed
 * package. Code outside Electron main (the utility process, the `cunzhan` CLIs) has no
 * `app.isPackaged`; where its own file lives is the same fact and cannot be set from outside.
 */
export function isPackagedBundle(moduleUrl: string): boolean {
  return /[/\\]app\.asar[/\\]/.test(decodeURIComponent(moduleUrl));
}

/**
 * The environment a packaged terminal hands to the host and the CLIs: every CUNZHAN_* override
 * (data folder, config file, idle timeouts…) and NODE_OPTIONS dropped, the fixed paths pinned.
 */
export function packagedEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const kept = Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('CUNZHAN_') && name !== 'NODE_OPTIONS'),
  );
  return { ...kept, CUNZHAN_DATA_DIR: PACKAGED_DATA_DIR, CUNZHAN_CONFIG: PACKAGED_CONFIG_FILE };
}
