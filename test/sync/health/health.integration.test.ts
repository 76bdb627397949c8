import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../../sync/platform/server';
import { buildHealthPayload, type HealthDeviceState } from '../../../sync/health/health-payload';
import { HealthReporter } from '../../../sync/health/health-reporter';
import type { StationHealthReport } from '../../../sync/platform/station-health';
import { admin, makeTerminal, startTestPlatform } from '../harness';
import type { Terminal } from '../harness';
import { syntheticApplication } from '../synthetic';

describe('health from a terminal to the real platform', () => {
  let platform: RunningPlatform;
  let t: Terminal | undefined;
  let reporter: HealthReporter | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(async () => {
    reporter?.stop();
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await platform.close();
  });

  const attention = async () =>
    (await admin<{ stations: StationHealthReport[] }>(platform, 'GET', '/admin/stations/attention')).stations.find(
      (s) => s.device_id === t!.engine.status().deviceId,
    );

  it('a faulty printer shows on the county list after one sync, and leaves it once fixed', async () => {
    t = await makeTerminal(platform);
    const engine = t.engine;
    let printer: HealthDeviceState = 'fault';
    reporter = new HealthReporter({
      outbox: engine.outbox,
      collect: () => {
        const s = engine.status();
        return buildHealthPayload({
          nowMs: Date.now(),
          version: '1.2.3',
          uptimeS: 42,
          devices: { idcard: 'ok', printer },
          queue: s.queue,
          diskFreeMb: 900,
          clockOffsetMs: s.clock.offsetMs,
        });
      },
    });
    engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(1),
    });
    expect(reporter.report()).toBe('enqueued');
    expect(await attention()).toMatchObject({ concerns: ['never_reported'] });
    expect(await engine.syncNow()).toMatchObject({ ok: true, acked: 2 });
    const listed = await attention();
    expect(listed).toMatchObject({ concerns: ['device_fault'], faulty_devices: { printer: 'fault' } });
    // The report counted the application waiting beside it, and nothing personal travelled.
    expect(listed!.health).toMatchObject({ version: '1.2.3', queue: { pending: 1 }, disk_free_mb: 900 });
    expect(Object.keys(listed!.health!).sort()).toEqual([
      'at',
      'clock_offset_ms',
      'devices',
      'disk_free_mb',
      'queue',
      'uptime_s',
      'version',
    ]);
    expect(JSON.stringify(listed!.health)).not.toMatch(/\d{11,}/);

    printer = 'ok';
    expect(reporter.report()).toBe('enqueued');
    expect(await engine.syncNow()).toMatchObject({ ok: true, acked: 1 });
    expect(await attention()).toBeUndefined();
  });
});
