import type { FormDefinition } from './catalog-schema';

/** Control characters (C0, DEL, C1) and bidi overrides never belong in a form value. */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function cleanValue(value: string): string {
  return value.replace(unsafe, '').trim();
}

const typeChecks: Record<string, { test: (v: string) => boolean; message: string }> = {
  digits: { test: (v) => /^[0-9X]+$/.test(v), message: '只能填数字' },
  number: { test: (v) => /^[0-9]+$/.test(v), message: '只能填数字' },
  phone: { test: (v) => /^1[3-9][0-9]{9}$/.test(v), message: '请填写11位手机号码' },
  date: { test: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v), message: '日期格式不对' },
};

/**
 * Checks what the villager typed against the form: only fields that are not pre-filled from the
 * card may be supplied. Returns cleaned values or field-level Chinese messages.
 */
export function validateFormValues(
  form: FormDefinition,
  raw: Record<string, string>,
): { ok: true; values: Record<string, string> } | { ok: false; fields: Record<string, string> } {
  const errors: Record<string, string> = {};
  const values: Record<string, string> = {};
  const asked = new Map(form.fields.filter((f) => !f.prefill).map((f) => [f.id, f]));
  for (const key of Object.keys(raw)) {
    if (!asked.has(key)) errors[key] = '这一项不需要填写';
  }
  for (const field of asked.values()) {
    const value = cleanValue(raw[field.id] ?? '');
    if (value === '') {
      if (field.required) errors[field.id] = `请填写${field.label}`;
      continue;
    }
    if (field.max_length !== undefined && Array.from(value).length > field.max_length) {
      errors[field.id] = `${field.label}最多${field.max_length}个字`;
      continue;
    }
    const check = typeChecks[field.type];
    if (check && !check.test(value)) {
      errors[field.id] = check.message;
      continue;
    }
    if (field.type === 'select' && !(field.options ?? []).includes(value)) {
      errors[field.id] = `请从选项中选择${field.label}`;
      continue;
    }
    if (field.pattern !== undefined && !safePatternTest(field.pattern, value)) {
      errors[field.id] = `${field.label}格式不对，请核对`;
      continue;
    }
    values[field.id] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, fields: errors } : { ok: true, values };
}

function safePatternTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    // A broken pattern in platform data must not block villagers; the platform validates again.
    return true;
  }
}
