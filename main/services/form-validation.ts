import { checkFieldValue, fieldRule, type FieldValue, type InputValue } from '../../rules/field-rules';
import type { IdentityCard } from '../../drivers/idcard/identity';
import type { FormDefinition } from './catalog-schema';
import { fieldView } from './form-view';
import { prefillValue } from './prefill';
import type { StationInfo } from './receipt-builder';

export type { FieldValue, InputValue };

/**
 * Checks what the villager entered against the form, with the very rules the screen applies to
 * the same field (rules/field-rules.ts on the screen's view of it). Only fields that are not pre-filled may be
 * supplied (the card is the source of the others). Returns typed values ready for
 * `payload.fields`, or field-level Chinese messages.
 */
export function validateFormValues(
  form: FormDefinition,
  raw: Record<string, InputValue>,
): { ok: true; values: Record<string, FieldValue> } | { ok: false; fields: Record<string, string> } {
  const errors: Record<string, string> = {};
  const values: Record<string, FieldValue> = {};
  const asked = new Map(form.fields.filter((f) => !f.prefill).map((f) => [f.key, f]));
  for (const key of Object.keys(raw)) {
    if (!asked.has(key)) errors[key] = '这一项不需要填写';
  }
  for (const field of asked.values()) {
    const checked = checkFieldValue(fieldRule(fieldView(field)), raw[field.key]);
    if (!checked.ok) errors[field.key] = checked.error.message;
    else if (checked.value !== null) values[field.key] = checked.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, fields: errors } : { ok: true, values };
}

/** Why a card cannot complete a form: the labels it lacks (empty) and those whose value fails the field's rule. */
export interface CardGaps {
  readonly missing: readonly string[];
  readonly unfit: readonly string[];
}

/**
 * The values a form takes from the card (and the station), each checked with the very rule the
 * platform applies to the field. The villager is never asked these fields, so a value the
 * platform would refuse cannot be corrected on the screen: the form is refused up front instead.
 * Returns typed values for `payload.fields`, or the labels this card cannot supply (never the
 * values: they are personal data).
 */
export function checkPrefilledValues(
  form: FormDefinition,
  card: IdentityCard,
  station: StationInfo,
): { ok: true; values: Record<string, FieldValue> } | { ok: false; gaps: CardGaps } {
  const values: Record<string, FieldValue> = {};
  const missing: string[] = [];
  const unfit: string[] = [];
  for (const field of form.fields) {
    if (!field.prefill) continue;
    const checked = checkFieldValue(fieldRule(fieldView(field)), prefillValue(field, card, station));
    if (checked.ok) {
      if (checked.value !== null) values[field.key] = checked.value;
    } else if (checked.error.code === 'required') missing.push(field.label);
    else unfit.push(field.label);
  }
  return missing.length + unfit.length > 0 ? { ok: false, gaps: { missing, unfit } } : { ok: true, values };
}

/** Plain Chinese for the villager: what the card lacks, and that staff can do this service for them. */
export function cardGapsMessage(gaps: CardGaps): string {
  const parts: string[] = [];
  if (gaps.missing.length > 0)
    parts.push(`您的证件上没有这项业务需要的${gaps.missing.map((l) => `“${l}”`).join('、')}`);
  if (gaps.unfit.length > 0) parts.push(`您证件上的${gaps.unfit.map((l) => `“${l}”`).join('、')}不符合这项业务的要求`);
  return `${parts.join('，')}，不能在自助机上办理。请找工作人员帮您办理`;
}
