import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The browser kiosk mode's token, handed over in files only our user can read: the token alone
 * (tools, tests) and a page that opens the kiosk URL with the token in its fragment. The browser
 * is started with the page's path, so the token never appears on a command line (`ps`) or in a log.
 */
export interface LaunchFiles {
  readonly tokenFile: string;
  readonly launchFile: string;
  remove(): void;
}

/** A page that goes straight to the kiosk URL. */
export function launchPage(pageUrl: string): string {
  return `<!doctype html><meta charset="utf-8"><title>村站</title><script>location.replace(${JSON.stringify(pageUrl)})</script>\n`;
}

/** A file or link already there is replaced, never followed. */
function writePrivate(path: string, content: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

export function writeLaunchFiles(dir: string, token: string, pageUrl: string): LaunchFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tokenFile = join(dir, 'kiosk-token');
  const launchFile = join(dir, 'kiosk-launch.html');
  writePrivate(tokenFile, `${token}\n`);
  writePrivate(launchFile, launchPage(pageUrl));
  return {
    tokenFile,
    launchFile,
    remove() {
      // The token dies with the server; a stale file would only mislead.
      rmSync(tokenFile, { force: true });
      rmSync(launchFile, { force: true });
    },
  };
}
