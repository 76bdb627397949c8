// One villager journey without a browser, doing over the KioskApi what the villager screen does:
// place a sample card (demo panel), pick a service, answer its form, submit with the screen's
// requestId, and see 已保存 (tx.submit ok). A journey re-run after the host died reuses its
// requestId, as the screen does when the call it made never got an answer.
import type { KioskApi } from '../../../main/contract/kiosk-api';
import { answerFor } from '../../e2e/helpers/apply';
import type { Rng } from './rng';

export type JourneyOutcome =
  | { saved: true; txId: string; localNumber: string; savedAt: string }
  | { saved: false; step: string; code: string; message: string };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runJourney(api: KioskApi, rng: Rng, requestId: string): Promise<JourneyOutcome> {
  const fail = (step: string, e: { code: string; message: string }): JourneyOutcome => ({
    saved: false,
    step,
    code: e.code,
    message: e.message,
  });
  const cards = await api.invoke('demo.cards', {});
  if (!cards.ok) return fail('demo.cards', cards.error);
  // A card none of whose services can be done here (card_lacks_field, e.g. the 2017 foreign permit,
  // or only forms the generic answers do not fit) is sent to the station agent: the next villager
  // comes with another card.
  const order = [...cards.value.cards].sort(() => rng.next() - 0.5);
  let saved: Awaited<ReturnType<typeof submit>> | undefined;
  for (const card of order) {
    const placed = await api.invoke('demo.placeCard', { id: card.id });
    if (!placed.ok) return fail('demo.placeCard', placed.error);
    let session = false;
    for (let i = 0; i < 100 && !session; i++) {
      const s = await api.invoke('session.current', {});
      if (!s.ok) return fail('session.current', s.error);
      session = s.value !== null;
      if (!session) await sleep(20);
    }
    if (!session)
      return {
        saved: false,
        step: 'session.current',
        code: 'no_session',
        message: `card ${card.id} placed but no session started`,
      };
    const list = await api.invoke('catalog.list', {});
    if (!list.ok) return fail('catalog.list', list.error);
    // The generic answers (e2e/helpers/apply.ts) do not fit every form (a bank account number has
    // its own checks): like a villager sent back by 有几项需要改一下, try the next service. A service
    // the card cannot supply (card_lacks_field, e.g. no household address) is passed over the same way.
    const services = [...list.value.services].sort(() => rng.next() - 0.5);
    for (const service of services) {
      saved = await submit(api, rng, service.code, requestId);
      if (!passedOver(saved)) break;
    }
    if (!saved || !passedOver(saved)) break;
    await api.invoke('demo.removeCard', {});
    await api.invoke('session.end', {});
  }
  if (!saved) return { saved: false, step: 'catalog.list', code: 'not_found', message: 'no services' };
  if (!saved.ok) return fail('tx.submit', saved.error);
  // 已保存 is on screen now; the villager takes the card and leaves.
  await api.invoke('demo.removeCard', {});
  await api.invoke('session.end', {});
  return { saved: true, txId: saved.value.txId, localNumber: saved.value.localNumber, savedAt: saved.value.savedAt };
}

/** Sent back to pick another service (or, when none fits, another villager's card). */
function passedOver(r: Awaited<ReturnType<typeof submit>>): boolean {
  return !r.ok && (r.error.code === 'validation_failed' || r.error.code === 'card_lacks_field');
}

async function submit(api: KioskApi, rng: Rng, serviceCode: string, requestId: string) {
  const form = await api.invoke('catalog.form', { serviceCode });
  if (!form.ok) return form;
  const values = Object.fromEntries(
    form.value.fields
      .filter((f) => f.prefilledDisplay === undefined && (f.required || rng.chance(0.5)))
      .map((f) => [f.id, answerFor(f)]),
  );
  return api.invoke('tx.submit', { serviceCode, values, requestId });
}
