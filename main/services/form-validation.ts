import { checkCharacter } from '../../drivers/idcard/citizen-id';
import type { FormDefinition, FormField } from './catalog-schema';

/** What the screen may send for a field: text, option values (multiselect) or yes/no (checkbox). */
export type InputValue = string | string[] | boolean;
/** Typed values as the platform expects them in `payload.fields`. */
export type FieldValue = string | number | boolean | string[];

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Control characters, bidi overrides and zero-width marks never belong in a form value. */
export function cleanValue(value: string): string {
  return value.replace(unsafe, '').trim();
}

function validIdNumber(id: string): boolean {
  return id.length === 18 && checkCharacter(id.slice(0, 17)) === id[17];
}

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function wholeMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    // A broken pattern in platform data must not block villagers; the platform checks again.
    return true;
  }
}

/** One field: the typed value, or a plain Chinese message for the villager. */
function checkField(f: FormField, raw: InputValue): { value: FieldValue } | { error: string } | null {
  const options = f.options?.map((o) => o.value) ?? [];
  if (f.type === 'checkbox') {
    if (typeof raw !== 'boolean') return { error: `请选择“是”或“否”：${f.label}` };
    if (f.required && raw === false) return { error: `需要同意后才能办理：${f.label}` };
    return { value: raw };
  }
  if (f.type === 'multiselect') {
    if (!Array.isArray(raw)) return { error: `请从选项中选择${f.label}` };
    const picked = [...new Set(raw.map(cleanValue))].filter(Boolean);
    if (picked.length === 0) return null;
    if (!picked.every((v) => options.includes(v))) return { error: `请从选项中选择${f.label}` };
    return { value: picked };
  }
  if (typeof raw !== 'string') return { error: `${f.label}填写有误` };
  const v = cleanValue(raw);
  if (v === '') return null;
  if (f.max_length !== undefined && Array.from(v).length > f.max_length) return { error: `${f.label}最多${f.max_length}个字` };
  switch (f.type) {
    case 'number': {
      if (!/^\d{1,12}$/.test(v)) return { error: `${f.label}只能填数字` };
      const n = Number(v);
      if (f.min !== undefined && n < f.min) return { error: `${f.label}不能小于${f.min}` };
      if (f.max !== undefined && n > f.max) return { error: `${f.label}不能大于${f.max}` };
      return { value: n };
    }
    case 'select':
      return options.includes(v) ? { value: v } : { error: `请从选项中选择${f.label}` };
    case 'date':
      return validDate(v) ? { value: v } : { error: `${f.label}不是有效的日期` };
    case 'id_number':
      return validIdNumber(v.toUpperCase()) ? { value: v.toUpperCase() } : { error: `${f.label}不正确，请核对` };
    case 'phone':
      if (!/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(v)) return { error: '请填写11位手机号码或带区号的座机号码' };
      break;
    default:
      break;
  }
  if (f.pattern !== undefined && !wholeMatch(f.pattern, v)) return { error: `${f.label}格式不对，请核对` };
  return { value: v };
}

/**
 * Checks what the villager entered against the form. Only fields that are not pre-filled may be
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
    const input = raw[field.key];
    const checked = input === undefined ? null : checkField(field, input);
    if (checked === null) {
      if (field.required) errors[field.key] = field.type === 'checkbox' ? `需要同意后才能办理：${field.label}` : `请填写${field.label}`;
      continue;
    }
    if ('error' in checked) errors[field.key] = checked.error;
    else values[field.key] = checked.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, fields: errors } : { ok: true, values };
}
