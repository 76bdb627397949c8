import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { resolvePaths, type Config } from '../../main/host/config';
import { startHost, type Host } from '../../main/host/host';
import { createLogger } from '../../main/host/logger';

/**
 * A real host on a temp data dir with fake devices; its log lines are captured for assertions.
 * `dataDir`: use this folder instead (e.g. a small tmpfs); cleanup() then empties it.
 */
export async function startTempHost(
  override: (c: Config) => Config = (c) => c,
  opts: { dataDir?: string } = {},
): Promise<Host & { logLines: string[]; dir: string; cleanup(): Promise<void> }> {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cunzhan-host-'));
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const host = await startHost({
    paths: resolvePaths({ CUNZHAN_DATA_DIR: dir }),
    logger: createLogger({ level: 'debug', dir: null, stream }),
    configOverride: (c) =>
      override({
        ...c,
        demo: true,
        devices: { idcard: { kind: 'fake' }, printer: { kind: 'fake' }, scanner: { kind: 'fake' } },
      }),
  });
  return Object.assign(host, {
    logLines,
    dir,
    async cleanup() {
      await host.close();
      if (opts.dataDir) for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
      else rmSync(dir, { recursive: true, force: true });
    },
  });
}
