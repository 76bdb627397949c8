import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** @electron/fuses finds the fuse wire after this marker in the Electron binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron 39's stock wire, fuse version 1 with 8 fuses: RunAsNode on, cookie encryption off,
 * NODE_OPTIONS on, --inspect on, ASAR integrity off, only-load-from-asar off, browser V8
 * snapshot off, file:// privileges on. ('1' = enabled, '0' = disabled.)
 */
export const STOCK_FUSE_WIRE = '10110001';

/**
 * An unpacked "Electron distribution" for electron-builder's electronDist, made of what it
 * copies: an `electron` executable (here a shell script that carries a real fuse wire, so
 * electron-builder's fuse step and @electron/fuses work on it), resources/, LICENSE, version and
 * chrome-sandbox. No resources/default_app.asar: electron-builder would hash it as an app.
 */
export function makeStandinElectron(dir: string, version: string): string {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(`# ${FUSE_SENTINEL}`),
    Buffer.from([1, STOCK_FUSE_WIRE.length]),
    Buffer.from(STOCK_FUSE_WIRE),
  ]);
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\n# Stand-in Electron for packaging tests; not a browser.\n'),
    wire,
    Buffer.from('\necho "stand-in electron $*"\n'),
  ]);
  writeFileSync(path.join(dir, 'electron'), script);
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'version'), `v${version}`);
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(path.join(dir, 'chrome-sandbox'), '');
  writeFileSync(path.join(dir, 'locales', 'zh-CN.pak'), '');
  return dir;
}
