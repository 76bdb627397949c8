import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { enrolTempHost, startTempHost } from '../../helpers/temp-host';

// Remote configuration end to end: the county publishes settings on the reference platform, the
// terminal downloads, checks and applies them as one unit, audits each key, and its next health
// item says what happened; an invalid publish is refused whole and the platform lists the station.

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;
let deviceId: string;

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;
const info = async () => {
  const r = await call<{ idleTimeoutSec: number; hotline: string }>('system.info');
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value;
};
const serviceCodes = async () => {
  const r = await call<{ services: { code: string }[] }>('catalog.list');
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value.services.map((s) => s.code);
};
/** Download the change, then send the health item it caused. */
const syncTwice = async () => {
  expect(await call('tech.syncNow')).toMatchObject({ ok: true, value: { ok: true } });
  expect(await call('tech.syncNow')).toMatchObject({ ok: true, value: { ok: true } });
};
const remoteAudit = () =>
  host.audit
    .entries()
    .filter((e) => e.action === 'config.remote')
    .map((e) => `${e.object} ${e.result}`);

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  deviceId = await enrolTempHost(host, platform);
  await syncTwice();
}, 60_000);
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

describe('remote configuration from the platform', () => {
  it('applies idle timeout, hotline and services shown together, audits each key, reports in health', async () => {
    const before = await info();
    const allCodes = await serviceCodes();
    expect(allCodes.length).toBeGreaterThan(2);
    await admin.setConfig(
      {
        idle_timeout_s: 180,
        hotline: '0731-84001234',
        services_shown: allCodes.slice(0, 2),
        receipt_header: '长沙县政务服务',
      },
      deviceId,
    );
    await syncTwice();
    expect(await info()).toMatchObject({ idleTimeoutSec: 180, hotline: '0731-84001234' });
    expect(before.idleTimeoutSec).not.toBe(180);
    expect(await serviceCodes()).toEqual(allCodes.slice(0, 2));
    expect(remoteAudit()).toEqual(
      expect.arrayContaining([
        'config:idle_timeout_s ok',
        'config:hotline ok',
        'config:services_shown ok',
        'config:receipt_header ok',
      ]),
    );
    // No concern on the platform: the station took its settings.
    const attention = await admin.stationsNeedingAttention();
    expect(attention.stations.find((s) => s.device_id === deviceId)).toBeUndefined();
  }, 60_000);

  it('refuses a set with one invalid value whole: nothing changes, the health item tells the county', async () => {
    await admin.setConfig({ idle_timeout_s: 5, hotline: '0731-84009999' }, deviceId);
    await syncTwice();
    // Neither the bad timeout nor the good hotline beside it was applied.
    expect(await info()).toMatchObject({ idleTimeoutSec: 180, hotline: '0731-84001234' });
    expect(remoteAudit()).toContain('config:idle_timeout_s invalid_value');
    const attention = await admin.stationsNeedingAttention();
    const station = attention.stations.find((s) => s.device_id === deviceId);
    expect(station?.concerns).toContain('config_refused');
    expect(station?.health?.config).toMatchObject({
      outcome: 'refused',
      applied: [],
      refused: [{ key: 'idle_timeout_s', code: 'invalid_value' }],
    });
    // The report never carries a value.
    expect(JSON.stringify(station?.health)).not.toContain('84009999');
  }, 60_000);

  it('a corrected publish is applied and clears the concern', async () => {
    await admin.setConfig({ idle_timeout_s: 120 }, deviceId);
    await syncTwice();
    expect(await info()).toMatchObject({ idleTimeoutSec: 120, hotline: '0731-84009999' });
    const attention = await admin.stationsNeedingAttention();
    expect(attention.stations.find((s) => s.device_id === deviceId)).toBeUndefined();
  }, 60_000);

  it('reports a key no one may set remotely, changes nothing for it, and still applies the rest', async () => {
    await admin.setConfig({ pin_hash: 'x', hotline: '0731-84005555' }, deviceId);
    await syncTwice();
    expect(await info()).toMatchObject({ hotline: '0731-84005555' });
    expect(remoteAudit()).toContain('config:pin_hash not_allowed');
    // No technician PIN came from the platform: the demo PIN still opens the screen, nothing else.
    expect(await call('tech.unlock', { pin: '000000' })).toMatchObject({ ok: true });
  }, 60_000);
});
