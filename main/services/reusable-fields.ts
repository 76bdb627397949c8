import type { FormField } from './catalog-schema';

/**
 * Answers worth offering again (数据最多采一次): how to reach the villager and where money goes.
 * Keys mean the same on every form of the catalogue, so a phone given for one service fits the
 * next. Card fields never: the card in the reader is their source every time.
 */
const REUSABLE_KEYS: ReadonlySet<string> = new Set([
  'phone',
  'bank_account',
  'contact_address',
  'current_address',
  'residence_address',
  'mailing_address',
  'address_detail',
]);

const REUSABLE_TYPES: ReadonlySet<FormField['type']> = new Set(['phone', 'text', 'textarea']);

export function isReusableField(field: FormField): boolean {
  return field.prefill === undefined && REUSABLE_TYPES.has(field.type) && REUSABLE_KEYS.has(field.key);
}
