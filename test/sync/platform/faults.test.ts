import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../sync/platform/faults';
import { appItem, json, rawRequest, startHarness } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
let dev: TestDevice;
beforeEach(async () => {
  h = await startHarness();
  dev = await h.enrol();
});
afterEach(async () => {
  await h.close();
});

describe('fault switches', () => {
  it('drop_after_commit: the connection dies after the commit; the resend is a duplicate', async () => {
    await h.admin.setFaults({ endpoints: ['batch'], drop_after_commit_next: 1 });
    const items = [appItem(1), appItem(2)];
    await expect(dev.batch(items, { batchId: 'b1' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await h.admin.listTransactions({ device_id: dev.deviceId })).toHaveLength(2);
    const again = await dev.batch(items, { batchId: 'b1' });
    expect(again.result.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect((await h.admin.stats()).faults_fired.drop_after_commit).toBe(1);
  });

  it('drop_before: nothing is committed', async () => {
    await h.admin.setFaults({ endpoints: ['batch'], drop_before_next: 1 });
    await expect(dev.batch([appItem(1)])).rejects.toThrow();
    expect(await h.admin.listTransactions({ device_id: dev.deviceId })).toHaveLength(0);
  });

  it('5xx and 429 with Retry-After, signed, without processing', async () => {
    await h.admin.setFaults({
      endpoints: ['batch'],
      error_next: 1,
      error_status: 502,
      throttle_next: 1,
      retry_after_s: 7,
    });
    const e = await dev.batch([appItem(1)]);
    expect(e.status).toBe(502);
    expect(json<{ error: { code: string; permanent: boolean } }>(e).error).toMatchObject({
      code: 'unavailable',
      permanent: false,
    });
    expect(e.check).toEqual({ ok: true });
    const t = await dev.batch([appItem(1)]);
    expect(t.status).toBe(429);
    expect(t.headers['retry-after']).toBe('7');
    expect(await h.admin.listTransactions({ device_id: dev.deviceId })).toHaveLength(0);
    expect((await dev.batch([appItem(1)])).status).toBe(200);
  });

  it('delay and slow drip of the answer', async () => {
    await h.admin.setFaults({ endpoints: ['changes'], delay_ms: 150, drip_bytes: 1000, drip_interval_ms: 40 });
    const t0 = Date.now();
    const r = await dev.changes(undefined, 10);
    const took = Date.now() - t0;
    expect(r.status).toBe(200);
    expect(r.check).toEqual({ ok: true });
    const pieces = Math.ceil(r.raw.length / 1000);
    expect(pieces).toBeGreaterThan(2);
    expect(took).toBeGreaterThanOrEqual(150 + (pieces - 1) * 40 - 20);
  });

  it('stall: the request is read and never answered', async () => {
    await h.admin.setFaults({ endpoints: ['ping'], stall_next: 1 });
    await expect(rawRequest(h.platform.url, { method: 'GET', path: '/v1/ping', timeoutMs: 300 })).rejects.toThrow(
      /client timeout/,
    );
    expect((await rawRequest(h.platform.url, { method: 'GET', path: '/v1/ping' })).status).toBe(204);
  });

  it('faults apply only to the chosen endpoints and clear on request', async () => {
    await h.admin.setFaults({ endpoints: ['changes'], error_rate: 1 });
    expect((await dev.batch([appItem(1)])).status).toBe(200);
    expect((await dev.changes()).status).toBe(503);
    await h.admin.clearFaults();
    expect((await dev.changes()).status).toBe(200);
  });
});

describe('fault schedule', () => {
  it('is repeatable for a seed and differs between seeds', () => {
    const run = (seed: number) => {
      const f = new FaultInjector();
      f.set({ seed, error_rate: 0.2, throttle_rate: 0.2, drop_after_commit_rate: 0.2 });
      return Array.from({ length: 200 }, () => {
        const d = f.decide('batch');
        return d.error ? 'E' : d.throttle !== null ? 'T' : d.dropAfterCommit ? 'D' : '.';
      }).join('');
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
    const s = run(7);
    for (const c of ['E', 'T', 'D', '.']) expect(s).toContain(c);
    // error fires at 0.2; throttle at 0.2 of the rest; drop at 0.2 of what is left.
    const share = (c: string) => s.split('').filter((x) => x === c).length / s.length;
    expect(share('E')).toBeGreaterThan(0.1);
    expect(share('E')).toBeLessThan(0.3);
  });
});
