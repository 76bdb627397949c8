import { checkFieldValue, fieldRule, type FieldValue, type InputValue } from '../../rules/field-rules';
import type { FormDefinition } from './catalog-schema';
import { fieldView } from './form-view';

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
