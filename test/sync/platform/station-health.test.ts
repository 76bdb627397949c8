import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { payloadSha256 } from '../../../sync/protocol/jcs';
import type { HealthPayload } from '../../../sync/protocol/payloads';
import { PlatformAdminError } from '../../../sync/platform/admin-client';
import { appItem, startHarness } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function health(over: Partial<HealthPayload> = {}): HealthPayload {
  return {
    at: '2026-12-04T10:00:00.000Z',
    version: '1.0.0',
    uptime_s: 60,
    devices: { idcard: 'ok', printer: 'ok', scanner: 'busy' },
    queue: { pending: 0, oldest_age_s: null, rejected: 0 },
    disk_free_mb: 5000,
    clock_offset_ms: 1200,
    ...over,
  };
}

const send = (dev: TestDevice, seq: number, payload: Record<string, unknown>) =>
  dev.batch([
    appItem(seq, {
      kind: 'health',
      service_code: null,
      catalog_version: null,
      payload,
      payload_sha256: payloadSha256(payload),
    }),
  ]);

const byDevice = async (lateMinutes?: number) => {
  const r = await h.admin.stationsNeedingAttention(lateMinutes);
  return Object.fromEntries(r.stations.map((s) => [s.device_id, s]));
};

describe('station health on the platform', () => {
  it('lists stations with a device fault or no report, not the healthy ones', async () => {
    const faulty = await h.enrol();
    const fine = await h.enrol();
    const silent = await h.enrol();
    expect(
      (await send(faulty, 1, health({ devices: { idcard: 'ok', printer: 'fault' } }))).result.results[0]!.status,
    ).toBe('applied');
    expect((await send(fine, 1, health())).result.results[0]!.status).toBe('applied');
    const list = await byDevice();
    expect(Object.keys(list).sort()).toEqual([faulty.deviceId, silent.deviceId].sort());
    expect(list[faulty.deviceId]).toMatchObject({
      concerns: ['device_fault'],
      faulty_devices: { printer: 'fault' },
      health: { disk_free_mb: 5000 },
    });
    expect(list[silent.deviceId]).toMatchObject({ concerns: ['never_reported'], health: null, received_at: null });
  });

  it('lists a station whose last report is older than N minutes', async () => {
    const dev = await h.enrol();
    await send(dev, 1, health());
    expect(await byDevice(45)).toEqual({});
    await new Promise((r) => setTimeout(r, 50));
    const late = await byDevice(0.0005); // 30 ms
    expect(late[dev.deviceId]).toMatchObject({ concerns: ['late'] });
  });

  it('keeps the newest report when an older one arrives later', async () => {
    const dev = await h.enrol();
    await send(dev, 1, health({ at: '2026-12-04T10:15:00.000Z', devices: { printer: 'absent' } }));
    await send(dev, 2, health({ at: '2026-12-04T10:00:00.000Z', devices: { printer: 'ok' } }));
    expect((await byDevice())[dev.deviceId]).toMatchObject({
      faulty_devices: { printer: 'absent' },
      health: { at: '2026-12-04T10:15:00.000Z' },
    });
    await send(dev, 3, health({ at: '2026-12-04T10:30:00.000Z', devices: { printer: 'ok' } }));
    expect(await byDevice()).toEqual({});
  });

  it('rejects a report carrying anything beyond the health shape, and keeps no trace of it', async () => {
    const dev = await h.enrol();
    const r = await send(dev, 1, { ...health(), note: '李秀英 430121194501010020' });
    expect(r.result.results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect((await byDevice())[dev.deviceId]).toMatchObject({ concerns: ['never_reported'] });
  });

  it('refuses a bad late_minutes with a clear error', async () => {
    await expect(h.admin.stationsNeedingAttention(-1)).rejects.toBeInstanceOf(PlatformAdminError);
  });
});
