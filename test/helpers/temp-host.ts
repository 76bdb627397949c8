import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { resolvePaths, type Config } from '../../main/host/config';
import { startHost, type Host } from '../../main/host/host';
import { createLogger } from '../../main/host/logger';
import { PlatformAdminClient } from '../../sync/platform';

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

/**
 * Enrols a temp host with the reference platform as the technician does: a fresh county code, the
 * demo PIN, 注册. Throws with the host's answer when a step fails; returns the platform's device id.
 */
export async function enrolTempHost(
  host: Host,
  platform: { url: string; adminToken: string },
  regionCode = '430121100202',
): Promise<string> {
  const [code] = await new PlatformAdminClient(platform.url, platform.adminToken).issueEnrolmentCodes({ count: 1 });
  const unlocked = await host.dispatch('tech.unlock', { pin: '000000' });
  if (!unlocked.ok) throw new Error(`tech.unlock: ${JSON.stringify(unlocked)}`);
  const enrolled = await host.dispatch('tech.enrol', {
    platform: platform.url,
    code: code!,
    regionCode,
    stationName: '样板村便民服务站',
  });
  if (!enrolled.ok) throw new Error(`tech.enrol: ${JSON.stringify(enrolled)}`);
  return (enrolled.value as { deviceId: string }).deviceId;
}
