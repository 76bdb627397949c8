import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { FormFieldView, FormView } from '../../../main/contract/views';
import { SAMPLE_CARDS } from '../../../drivers/sim/sample-cards';
import { withCheckCharacter } from '../../../rules/citizen-id';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { startTempHost } from '../../helpers/temp-host';
import { answerFor } from '../../e2e/helpers/apply';

// Every sample card × every seeded service, through the host and the real reference platform:
// what the host saves is applied, or the host refused it up front (card_lacks_field). No save
// may be rejected later for a field the villager was never asked.

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
});
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;

/**
 * A valid answer for an asked field (synthetic data): a pattern is sampled with a fixed seed, an ID
 * number gets its check character, everything else is the e2e helpers' plausible answer.
 */
function validAnswer(f: FormFieldView): string | string[] | boolean {
  if (f.pattern !== undefined)
    return fc.sample(fc.stringMatching(new RegExp(`^(?:${f.pattern})$`, 'u')), { numRuns: 1, seed: 7 })[0]!;
  if (f.type === 'id_number') return withCheckCharacter('43012119800101001');
  return answerFor(f);
}

describe('card-prefilled fields, every sample card × every seeded service', () => {
  it('saves only what the platform applies; the rest is refused before the form with card_lacks_field', async () => {
    const [code] = await admin.issueEnrolmentCodes({ count: 1 });
    expect(await call('tech.unlock', { pin: '000000' })).toEqual({ ok: true, value: { unlocked: true } });
    const enrolled = await call<{ deviceId: string }>('tech.enrol', {
      platform: platform.url,
      code: code!,
      regionCode: '430121100202',
      stationName: '样板村便民服务站',
    });
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled));

    const list = await call<{ services: { code: string }[] }>('catalog.list');
    if (!list.ok) throw new Error(JSON.stringify(list));
    expect(list.value.services.length).toBeGreaterThanOrEqual(6);

    const saved = new Map<string, string>(); // txId → card/service
    const refused: string[] = [];
    for (const sample of SAMPLE_CARDS) {
      expect(await call('demo.placeCard', { id: sample.id })).toMatchObject({ ok: true });
      for (const { code: serviceCode } of list.value.services) {
        const what = `${sample.id}/${serviceCode}`;
        const form = await call<FormView>('catalog.form', { serviceCode });
        if (!form.ok) {
          expect(form.error, what).toMatchObject({
            code: 'card_lacks_field',
            message: expect.stringContaining('请找工作人员帮您办理'),
          });
          // The host refuses the save too, whatever the screen sends.
          const forced = await call('tx.submit', { serviceCode, values: {}, requestId: crypto.randomUUID() });
          expect(forced, what).toMatchObject({ ok: false, error: { code: 'card_lacks_field' } });
          refused.push(what);
          continue;
        }
        const values = Object.fromEntries(
          form.value.fields.filter((f) => f.prefilledDisplay === undefined).map((f) => [f.id, validAnswer(f)]),
        );
        const r = await call<{ txId: string }>('tx.submit', { serviceCode, values, requestId: crypto.randomUUID() });
        if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.error)}`);
        saved.set(r.value.txId, what);
      }
      await call('demo.removeCard');
      await call('session.end');
    }

    for (let i = 0; i < 10; i++) {
      const s = await call<{ ok: boolean }>('tech.syncNow');
      expect(s).toMatchObject({ ok: true });
      const outcomes = await admin.listOutcomes(enrolled.value.deviceId);
      if (outcomes.filter((o) => saved.has(o.tx_id)).length >= saved.size) break;
    }
    const outcomes = await admin.listOutcomes(enrolled.value.deviceId);
    const byTx = new Map(
      outcomes.filter((o) => saved.has(o.tx_id)).map((o) => [o.tx_id, `${o.outcome}${o.code ? ` ${o.code}` : ''}`]),
    );
    const notApplied = [...saved]
      .filter(([tx]) => byTx.get(tx) !== 'applied')
      .map(([tx, what]) => `${what}: ${byTx.get(tx) ?? 'no outcome'}`);
    expect(notApplied).toEqual([]);

    // The cards the fault journeys tripped on: a rare-character name is served everywhere; the
    // foreign cards are refused exactly where the form needs what they cannot supply.
    expect(refused.filter((w) => w.startsWith('resident-'))).toEqual([]);
    expect(refused.some((w) => w.startsWith('foreign-permanent-2023/'))).toBe(true);
    expect(saved.size + refused.length).toBe(SAMPLE_CARDS.length * list.value.services.length);
  }, 120_000);
});
