import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../../sync/platform/server';
import { admin, makeTerminal, startTestPlatform } from '../harness';
import type { Terminal } from '../harness';
import { syntheticApplication } from '../synthetic';

describe('a terminal with a wrong wall clock still syncs correctly', () => {
  let platform: RunningPlatform;
  let t: Terminal | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await platform.close();
  });

  it.each([
    ['2001 (dead RTC battery)', '2001-01-01T00:00:00.000Z'],
    ['2099 (runaway clock)', '2099-12-31T23:00:00.000Z'],
  ])('clock at %s', async (_label, wallStart) => {
    // Only the terminal's wall clock is wrong; the engine gets it injected, the platform keeps real time.
    const start = performance.now();
    const wall = () => Date.parse(wallStart) + (performance.now() - start);
    t = await makeTerminal(platform, { engine: { now: wall } });
    const ids = [1, 2, 3].map((i) =>
      t!.engine.outbox.enqueue({
        kind: 'application',
        serviceCode: 'DB-SQ',
        catalogVersion: 1,
        payload: syntheticApplication(i),
      }),
    );
    const r = await t.engine.syncNow();
    expect(r).toMatchObject({ ok: true, acked: 3 });
    expect(t.engine.datasets.catalog()).toHaveLength(7);
    const realOffset = Date.now() - wall();
    const status = t.engine.status();
    expect(Math.abs(status.clock.offsetMs! - realOffset)).toBeLessThan(2000);
    const [onPlatform] = (
      await admin<{ transactions: { device_time: string; clock_offset_ms: number | null; seq: number }[] }>(
        platform,
        'GET',
        `/admin/transactions?tx_id=${ids[0]!.txId}`,
      )
    ).transactions;
    expect(onPlatform!.device_time.slice(0, 4)).toBe(wallStart.slice(0, 4));
    // Enqueued after enrolment measured the offset in this boot: the estimate travels with the item.
    expect(Math.abs(onPlatform!.clock_offset_ms! - realOffset)).toBeLessThan(2000);
    // Order comes from seq, never from device time.
    const seqs = ids.map((i) => t!.engine.outbox.get(i.txId)!.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    // Retention is judged by platform time: a 2099 clock purges nothing freshly acknowledged.
    const m = t.engine.maintain();
    expect(m.rowsDeleted).toBe(0);
    expect(m.payloadsDropped).toBe(0);
    expect(t.engine.outbox.counts().acked).toBe(3);
  });
});
