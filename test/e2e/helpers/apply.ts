import type { KioskApi } from '../../../main/contract/kiosk-api';
import type { FormFieldView } from '../../../main/contract/views';

/** A plausible answer for a field of the demo catalogue (synthetic data only). */
export function answerFor(f: FormFieldView): string | string[] | boolean {
  switch (f.type) {
    case 'phone':
      return '13800138000';
    case 'select':
      return f.options![0]!.value;
    case 'multiselect':
      return [f.options![0]!.value];
    case 'checkbox':
      return true;
    case 'number':
      return String(f.min ?? 1);
    case 'date':
      return '2026-01-15';
    case 'digits':
      return '12345678';
    default:
      return '一组';
  }
}

/**
 * Saves one application through the Node KioskApi client, as a villager would on screen: place a
 * sample card, answer the asked fields of `serviceCode`, submit, take the card away again.
 */
export async function saveApplication(
  api: KioskApi,
  cardId: string,
  serviceCode: string,
): Promise<{ localNumber: string; txId: string }> {
  const placed = await api.invoke('demo.placeCard', { id: cardId });
  if (!placed.ok) throw new Error(`demo.placeCard: ${placed.error.code}`);
  for (let i = 0; i < 100; i++) {
    const s = await api.invoke('session.current', {});
    if (s.ok && s.value) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const form = await api.invoke('catalog.form', { serviceCode });
  if (!form.ok) throw new Error(`catalog.form: ${form.error.code}`);
  const values = Object.fromEntries(
    form.value.fields.filter((f) => f.prefilledDisplay === undefined && f.required).map((f) => [f.id, answerFor(f)]),
  );
  const saved = await api.invoke('tx.submit', { serviceCode, values, requestId: crypto.randomUUID() });
  if (!saved.ok) throw new Error(`tx.submit: ${saved.error.code} ${saved.error.message}`);
  await api.invoke('demo.removeCard', {});
  await api.invoke('session.end', {});
  return { localNumber: saved.value.localNumber, txId: saved.value.txId };
}
