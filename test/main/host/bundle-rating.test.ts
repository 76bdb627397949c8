import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { BundleSubmitResult, FormView } from '../../../main/contract/views';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { answerFor } from '../../e2e/helpers/apply';
import { enrolTempHost, startTempHost } from '../../helpers/temp-host';

/**
 * 好差评 of a bundle (一件事一次办) on a real host against the reference platform: one rating on the
 * done screen becomes one evaluation per member application, each depending on its member, saved
 * in one SQLite transaction.
 */
type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;
let deviceId: string;

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;
const value = <T>(r: ApiResult<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const ELDERLY = 'YJS-LNGA';

async function saveBundle(): Promise<BundleSubmitResult> {
  const form = value(await call<FormView>('catalog.bundleForm', { bundleCode: ELDERLY }));
  const values = Object.fromEntries(
    form.fields
      .filter((f) => f.prefilledDisplay === undefined)
      .map((f) => [f.id, f.id === 'bank_account' ? '6217000012345678' : answerFor(f)]),
  );
  return value(
    await call<BundleSubmitResult>('tx.submitBundle', { bundleCode: ELDERLY, values, requestId: crypto.randomUUID() }),
  );
}
const evaluationsOf = (txIds: readonly string[]) =>
  host.db
    .prepare(
      `SELECT e.rated_tx_id, e.level, e.reasons, o.depends_on FROM evaluations e
       JOIN sync_outbox o ON o.tx_id = e.evaluation_tx_id
       WHERE e.rated_tx_id IN (${txIds.map(() => '?').join(',')})`,
    )
    .all(...txIds) as { rated_tx_id: string; level: number; reasons: string; depends_on: string }[];

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  deviceId = await enrolTempHost(host, platform);
  await call('tech.syncNow');
  await call('demo.placeCard', { id: 'resident-long-term' });
});
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

describe('好差评 of a bundle', () => {
  it('one rating on the done screen rates every member; the platform stores one per member', async () => {
    const saved = await saveBundle();
    const members = saved.bundle.members.map((m) => m.txId);
    expect(members).toHaveLength(3);
    const r = value(
      await call('evaluation.submit', { localNumber: saved.localNumber, level: 2, reasons: ['repeat_trips'] }),
    );
    expect(r).toMatchObject({ alreadyRated: false, rating: { level: 2, reasons: ['repeat_trips'] } });
    const rows = evaluationsOf(members);
    expect(rows.map((e) => e.rated_tx_id).sort()).toEqual([...members].sort());
    for (const e of rows) expect(e).toMatchObject({ level: 2, reasons: '["repeat_trips"]', depends_on: e.rated_tx_id });

    // Each member shows the rating (its progress page), and a second try answers the first.
    for (const m of saved.bundle.members) {
      expect(value(await call('evaluation.get', { localNumber: m.localNumber }))).toMatchObject({
        rating: { level: 2 },
      });
    }
    const again = value(
      await call('evaluation.submit', { localNumber: saved.bundle.members[2]!.localNumber, level: 5, reasons: [] }),
    );
    expect(again).toMatchObject({ alreadyRated: true, rating: { level: 2 } });
    expect(evaluationsOf(members)).toHaveLength(3);

    await call('tech.syncNow');
    const stored = (await admin.listEvaluations(deviceId)).filter((e) => members.includes(e.depends_on));
    expect(stored.map((e) => e.depends_on).sort()).toEqual([...members].sort());
    expect(stored.every((e) => e.level === 2 && e.reasons.join() === 'repeat_trips')).toBe(true);
  });

  it('saves all members or none: a failure on one member leaves no rating at all', async () => {
    const saved = await saveBundle();
    const members = saved.bundle.members.map((m) => m.txId);
    host.db.exec(`CREATE TEMP TRIGGER fail_third_member BEFORE INSERT ON evaluations
      WHEN NEW.rated_tx_id = '${members[2]!}' BEGIN SELECT RAISE(ABORT, 'disk_full_test'); END`);
    try {
      // The host answers a failed save as a failure (never a half-saved rating).
      expect(await call('evaluation.submit', { localNumber: saved.localNumber, level: 5, reasons: [] })).toMatchObject({
        ok: false,
      });
    } finally {
      host.db.exec('DROP TRIGGER fail_third_member');
    }
    expect(evaluationsOf(members)).toEqual([]);
    const queued = host.db
      .prepare(`SELECT COUNT(*) AS n FROM sync_outbox WHERE kind = 'evaluation' AND depends_on IN (?, ?, ?)`)
      .get(...members) as { n: number };
    expect(queued.n).toBe(0);
    // Tapping again after the fault rates the whole bundle.
    value(await call('evaluation.submit', { localNumber: saved.localNumber, level: 5, reasons: [] }));
    expect(evaluationsOf(members)).toHaveLength(3);
  });
});
