import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { MyApplicationView, ProgressPushed } from '../../../main/contract/villager-views';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { enrolTempHost, startTempHost } from '../../helpers/temp-host';

/**
 * 好差评, 我的办件 and the progress push on a real host (SQLite in a temp folder, fake devices)
 * against the reference platform over HTTP.
 */
type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;
let deviceId: string;
const pushed: ProgressPushed[] = [];

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;
const value = <T>(r: ApiResult<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

const CARD_A = 'resident-long-term';
const CARD_B = 'resident-twenty-years';
const saved: Record<string, string[]> = { [CARD_A]: [], [CARD_B]: [] };

async function apply(cardId: string): Promise<string> {
  await call('demo.placeCard', { id: cardId });
  const r = value(
    await call<{ localNumber: string }>('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone: '13800001234', residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    }),
  );
  saved[cardId]!.push(r.localNumber);
  return r.localNumber;
}

const syncNow = async () => expect(value(await call<{ ok: boolean }>('tech.syncNow')).ok).toBe(true);

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  host.bus.subscribeAll((topic, payload) => {
    if (topic === 'progress.pushed') pushed.push(payload as ProgressPushed);
  });
  deviceId = await enrolTempHost(host, platform);
  await apply(CARD_A);
  await apply(CARD_A);
  await apply(CARD_B);
});
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

describe('我的办件', () => {
  it('needs a card read in this session', async () => {
    await call('session.end');
    expect(await call('myApplications.list')).toMatchObject({ ok: false, error: { code: 'no_session' } });
  });

  it("lists only the card holder's applications, newest first", async () => {
    await call('demo.placeCard', { id: CARD_A });
    const mine = value(await call<{ applications: MyApplicationView[] }>('myApplications.list')).applications;
    expect(mine.map((a) => a.localNumber)).toEqual([...saved[CARD_A]!].reverse());
    expect(mine.every((a) => a.status === 'saved_offline' && a.serviceName.length > 0 && !a.rated)).toBe(true);
    await call('demo.placeCard', { id: CARD_B });
    const theirs = value(await call<{ applications: MyApplicationView[] }>('myApplications.list')).applications;
    expect(theirs.map((a) => a.localNumber)).toEqual(saved[CARD_B]);
  });
});

describe('好差评', () => {
  it("offers the catalogue's reasons", async () => {
    const r = value(await call<{ reasons: { code: string; label: string }[] }>('evaluation.reasons'));
    expect(r.reasons).toContainEqual({ code: 'slow', label: '办理时间太长' });
    expect(r.reasons).toHaveLength(8);
  });

  it('asks a low rating for a known reason', async () => {
    const localNumber = saved[CARD_A]![0]!;
    expect(await call('evaluation.submit', { localNumber, level: 1, reasons: [] })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', message: expect.stringContaining('原因') },
    });
    expect(await call('evaluation.submit', { localNumber, level: 2, reasons: ['made_up'] })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(value(await call('evaluation.get', { localNumber }))).toEqual({ rating: null });
  });

  it('saves one rating per application; a second try answers the first', async () => {
    const [first, second] = saved[CARD_A]!;
    const r = value(
      await call('evaluation.submit', { localNumber: first, level: 1, reasons: ['slow', 'repeat_trips'] }),
    );
    expect(r).toMatchObject({ alreadyRated: false, rating: { level: 1, reasons: ['slow', 'repeat_trips'] } });
    const again = value(await call('evaluation.submit', { localNumber: first, level: 5, reasons: [] }));
    expect(again).toMatchObject({ alreadyRated: true, rating: { level: 1, reasons: ['slow', 'repeat_trips'] } });
    expect(value(await call('evaluation.get', { localNumber: first }))).toMatchObject({ rating: { level: 1 } });
    expect(value(await call('evaluation.submit', { localNumber: second, level: 5, reasons: [] }))).toMatchObject({
      alreadyRated: false,
    });
    const rows = host.db.prepare("SELECT depends_on FROM sync_outbox WHERE kind = 'evaluation'").all();
    expect(rows).toHaveLength(2);
    await call('demo.placeCard', { id: CARD_A });
    const mine = value(await call<{ applications: MyApplicationView[] }>('myApplications.list')).applications;
    expect(mine.every((a) => a.rated)).toBe(true);
  });

  it('the platform stores exactly one evaluation per application and refuses a second', async () => {
    await syncNow();
    const evaluations = await admin.listEvaluations(deviceId);
    expect(evaluations).toHaveLength(2);
    const apps = await admin.listTransactions({ device_id: deviceId });
    const firstTx = apps.find((t) => t.kind === 'application' && t.seq === Math.min(...apps.map((a) => a.seq)))!;
    expect(evaluations[0]).toMatchObject({
      level: 1,
      reasons: ['slow', 'repeat_trips'],
      channel: 'self',
      depends_on: firstTx.tx_id,
      server_ref: expect.stringMatching(/^PJ/),
    });
    // A terminal that lost its local record would send another one: the platform refuses it.
    const second = crypto.randomUUID();
    host.sync.outbox.enqueue({
      txId: second,
      kind: 'evaluation',
      serviceCode: null,
      catalogVersion: null,
      payload: { level: 3, reasons: [], channel: 'self' },
      attachments: [],
      dependsOn: firstTx.tx_id,
    });
    await call('tech.syncNow');
    expect(host.sync.progress.outboxState(second)).toMatchObject({ state: 'rejected', code: 'already_evaluated' });
    expect(await admin.listEvaluations(deviceId)).toHaveLength(2);
  });
});

describe('progress pushed', () => {
  it("says so when the platform moves an application on while its owner's card is in the reader", async () => {
    await call('demo.placeCard', { id: CARD_A });
    const localNumber = saved[CARD_A]![1]!;
    const ref = value(await call<{ platformNumber: string }>('tx.progress', { localNumber })).platformNumber;
    pushed.length = 0;
    await admin.setTransactionStatus(ref, 'needs_more', '请补交户口本复印件');
    await syncNow();
    expect(pushed).toEqual([{ localNumber, serviceName: expect.any(String), status: 'needs_more' }]);
    const mine = value(await call<{ applications: MyApplicationView[] }>('myApplications.list')).applications;
    expect(mine.find((a) => a.localNumber === localNumber)).toMatchObject({
      status: 'needs_more',
      note: '请补交户口本复印件',
    });
  });

  it("stays quiet about someone else's application", async () => {
    await call('demo.placeCard', { id: CARD_B });
    const ref = value(
      await call<{ platformNumber: string }>('tx.progress', { localNumber: saved[CARD_A]![0]! }),
    ).platformNumber;
    pushed.length = 0;
    await admin.setTransactionStatus(ref, 'completed', '已办结');
    await syncNow();
    expect(pushed).toEqual([]);
  });
});
