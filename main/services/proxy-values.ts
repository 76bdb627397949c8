import { checkFieldValue, fieldRule, type FieldValue, type InputValue } from '../../rules/field-rules';
import type { FormDefinition } from './catalog-schema';
import { fieldView } from './form-view';
import type { StationInfo } from './receipt-builder';

/** The absent applicant of a 代办, as the agent typed them from the authorisation and ID card. */
export interface ProxyApplicant {
  readonly idNumber: string;
  readonly name: string;
}

/**
 * 代办: no card on the reader, so the agent types every field the card would have filled too, and
 * each is checked with the same rule (the ID number with its GB 11643 check character). Station
 * fields come from the station as always. The applicant is read from the form's card fields.
 */
export function validateProxyValues(
  form: FormDefinition,
  raw: Record<string, InputValue>,
  station: StationInfo,
):
  | { ok: true; values: Record<string, FieldValue>; applicant: ProxyApplicant }
  | { ok: false; fields: Record<string, string> } {
  const errors: Record<string, string> = {};
  const values: Record<string, FieldValue> = {};
  const known = new Set(form.fields.map((f) => f.key));
  for (const key of Object.keys(raw)) if (!known.has(key)) errors[key] = '这一项不需要填写';
  let idNumber: string | null = null;
  let name: string | null = null;
  for (const field of form.fields) {
    const input: InputValue | undefined =
      field.prefill === 'station.region_code'
        ? station.regionCode
        : field.prefill === 'station.name'
          ? station.name
          : raw[field.key];
    const checked = checkFieldValue(fieldRule(fieldView(field)), input);
    if (!checked.ok) {
      errors[field.key] = checked.error.message;
      continue;
    }
    if (checked.value === null) continue;
    values[field.key] = checked.value;
    if (field.prefill === 'id_card.id_number' && typeof checked.value === 'string') idNumber = checked.value;
    if (field.prefill === 'id_card.name' && typeof checked.value === 'string') name = checked.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, fields: errors };
  if (idNumber === null || name === null) {
    // A form without the applicant's name and ID number cannot be done for someone absent (no field to blame).
    return { ok: false, fields: {} };
  }
  return { ok: true, values, applicant: { idNumber, name } };
}
