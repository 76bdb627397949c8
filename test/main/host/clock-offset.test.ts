// Item 7 of issue #14: a station whose clock runs two hours fast still prints the platform's time on
// the receipt, and its technician screen says how far off the clock is.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { FakeReceiptPrinter } from '../../../drivers/printer/fake';
import { readBootId } from '../../../sync/clock/clock';
import { setState } from '../../../sync/state';
import { startTempHost } from '../../helpers/temp-host';
import { chinaStamp } from '../../../rules/clock';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost | undefined;
afterEach(async () => {
  await host?.cleanup();
  host = undefined;
});

const TWO_HOURS = 2 * 3600_000;

/** A host whose sync already measured the platform 2 h behind the device clock in this boot. */
async function hostWithOffset(offsetMs: number): Promise<TempHost> {
  const first = await startTempHost();
  const now = Date.now();
  setState(first.db, 'clock_offset', {
    bootId: readBootId(),
    offsetMs,
    measuredMonoMs: Number(process.hrtime.bigint() / 1_000_000n),
    lastServerTimeMs: now + offsetMs,
  });
  await first.close();
  return startTempHost((c) => c, { dataDir: first.dir });
}

/** Receipts print China time (UTC+8) whatever the zone of the machine running the test. */
const localMinute = (ms: number) => chinaStamp(new Date(ms).toISOString());

describe('clock offset to the platform', () => {
  it('prints the platform-corrected time on the receipt', async () => {
    host = await hostWithOffset(-TWO_HOURS);
    const call = async <T = unknown>(method: string, args: unknown = {}) =>
      (await host!.dispatch(method, args)) as ApiResult<T>;
    await call('demo.placeCard', { id: 'resident-long-term' });
    const before = Date.now();
    const r = await call('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone: '13800001234', residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    });
    const after = Date.now();
    expect(r.ok).toBe(true);
    const receipt = (host.devices.printer as FakeReceiptPrinter).printed[0]!;
    expect([localMinute(before - TWO_HOURS), localMinute(after - TWO_HOURS)]).toContain(receipt.time);
    expect(receipt.clockTrusted).toBe(true);
  });

  it('shows the offset on the technician screen and warns beyond five minutes', async () => {
    host = await hostWithOffset(-TWO_HOURS);
    const call = async <T = unknown>(method: string, args: unknown = {}) =>
      (await host!.dispatch(method, args)) as ApiResult<T>;
    expect(await call('tech.unlock', { pin: '000000' })).toMatchObject({ ok: true });
    expect(await call('tech.status')).toMatchObject({
      ok: true,
      value: { clock: { offsetMs: -TWO_HOURS, warning: true } },
    });
  });

  it('does not warn for a small offset, nor before the clock was measured', async () => {
    host = await hostWithOffset(90_000);
    const call = async <T = unknown>(method: string, args: unknown = {}) =>
      (await host!.dispatch(method, args)) as ApiResult<T>;
    await call('tech.unlock', { pin: '000000' });
    expect(await call('tech.status')).toMatchObject({
      ok: true,
      value: { clock: { offsetMs: 90_000, warning: false } },
    });
    await host.cleanup();
    host = await startTempHost();
    await host.dispatch('tech.unlock', { pin: '000000' });
    expect(await host.dispatch('tech.status', {})).toMatchObject({
      ok: true,
      value: { clock: { offsetMs: null, warning: false } },
    });
  });
});
