// Entry of the service host inside Electron's utilityProcess (built to dist/main/host/utility-entry.js).
// Electron main supervises this process; see main/electron/utility/run-utility.ts and docs/electron-shell.md.
import type { ParentPortLike } from '../electron/utility/parent-link';
import { runUtility } from '../electron/utility/run-utility';
import { resolvePaths } from './config';
import { startHost } from './host';
import { isPackagedBundle } from './packaged-paths';

const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!port) {
  console.error('utility-entry must run inside an Electron utilityProcess (use npm start outside Electron)');
  process.exit(2);
}

void runUtility({
  port,
  argv: process.argv.slice(2),
  // Inside an installed package the fixed system paths hold whatever the environment says.
  paths: resolvePaths(process.env, { packaged: isPackagedBundle(import.meta.url) }),
  startHost,
  exit: (code) => process.exit(code),
  log: (line) => console.error(`[host] ${line}`),
});
