import { isValidCitizenIdNumber } from './citizen-id';
import { fieldProblemMessage } from './field-messages';
import { err, ok, type Result } from './result';

/**
 * The rules one form answer must meet, the same on the screen (before the villager leaves the
 * field) and in the host (which still checks everything it receives). Pure module (rules/).
 */

/** `digits` is a text field whose pattern allows only digits (and X): typed on the keypad, checked like text. */
export type RuleFieldType =
  'text' | 'textarea' | 'digits' | 'id_number' | 'phone' | 'date' | 'select' | 'multiselect' | 'checkbox' | 'number';

/** What the rules need to know about a field; the host and the renderer each map their own shape to it. */
export interface FieldRule {
  readonly type: RuleFieldType;
  readonly label: string;
  readonly required: boolean;
  /** Option values of select/multiselect. */
  readonly options?: readonly string[];
  /** ECMAScript pattern the whole value must match (implicitly anchored). */
  readonly pattern?: string;
  /** In characters (code points), not UTF-16 units. */
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
}

/** Any field description that carries the rule inputs (the screen's FormFieldView has this shape). */
export interface FieldRuleSource {
  readonly type: RuleFieldType;
  readonly label: string;
  readonly required: boolean;
  readonly options?: readonly { readonly value: string }[];
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
}

/** The rule of a field, read from its description (option labels and hints are not rules). */
export function fieldRule(f: FieldRuleSource): FieldRule {
  return {
    type: f.type,
    label: f.label,
    required: f.required,
    ...(f.options !== undefined ? { options: f.options.map((o) => o.value) } : {}),
    ...(f.pattern !== undefined ? { pattern: f.pattern } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
  };
}

/** Stable codes of what can be wrong with an answer; rules/field-messages.ts says each in Chinese. */
export type FieldProblem =
  | 'required'
  | 'consent'
  | 'yes_no'
  | 'option'
  | 'not_text'
  | 'too_long'
  | 'number'
  | 'too_small'
  | 'too_large'
  | 'date'
  | 'id_number'
  | 'phone'
  | 'pattern';

/** What the screen sends for a field: text, option values (multiselect) or yes/no (checkbox). */
export type InputValue = string | readonly string[] | boolean;
/** Typed values as the platform expects them in `payload.fields`. */
export type FieldValue = string | number | boolean | string[];

/** Dates outside these years are typing slips on a villager's form (birth dates, contract dates). */
export const DATE_YEAR_MIN = 1900;
export const DATE_YEAR_MAX = 2100;
/** Whole numbers only, at most 12 digits (counts and amounts in whole units). */
const WHOLE_NUMBER = /^\d{1,12}$/;
/** Mobile (11 digits from 13–19) or landline with area code, dash optional. */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Control characters, bidi overrides and zero-width marks never belong in a form value. */
export function cleanValue(value: string): string {
  return value.replace(unsafe, '').trim();
}

/** YYYY-MM-DD, a real calendar day, between DATE_YEAR_MIN and DATE_YEAR_MAX. */
export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function wholeMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    // A broken pattern in platform data must not block villagers; the platform checks again.
    return true;
  }
}

function problem(p: FieldProblem, rule: FieldRule): Result<never, FieldProblem> {
  return err(p, fieldProblemMessage(p, rule));
}

/** Not answered: fine when optional, otherwise the villager is asked for it. */
function unanswered(rule: FieldRule): Result<null, FieldProblem> {
  if (!rule.required) return ok(null);
  return problem(rule.type === 'checkbox' ? 'consent' : 'required', rule);
}

function checkText(rule: FieldRule, v: string): Result<FieldValue, FieldProblem> {
  if (rule.maxLength !== undefined && Array.from(v).length > rule.maxLength) return problem('too_long', rule);
  switch (rule.type) {
    case 'number': {
      if (!WHOLE_NUMBER.test(v)) return problem('number', rule);
      const n = Number(v);
      if (rule.min !== undefined && n < rule.min) return problem('too_small', rule);
      if (rule.max !== undefined && n > rule.max) return problem('too_large', rule);
      return ok(n);
    }
    case 'select':
      return rule.options?.includes(v) ? ok(v) : problem('option', rule);
    case 'date':
      return isValidDate(v) ? ok(v) : problem('date', rule);
    case 'id_number': {
      const upper = v.toUpperCase();
      return isValidCitizenIdNumber(upper) ? ok(upper) : problem('id_number', rule);
    }
    case 'phone':
      if (!PHONE.test(v)) return problem('phone', rule);
      break;
    default:
      break;
  }
  if (rule.pattern !== undefined && !wholeMatch(rule.pattern, v)) return problem('pattern', rule);
  return ok(v);
}

/**
 * Checks one answer. `ok(null)` means "not answered, and that is fine"; otherwise the typed value
 * (numbers as numbers, multiselect de-duplicated, ID numbers upper-case) or the problem with its
 * Chinese message.
 */
export function checkFieldValue(rule: FieldRule, raw: InputValue | undefined): Result<FieldValue | null, FieldProblem> {
  if (raw === undefined) return unanswered(rule);
  if (rule.type === 'checkbox') {
    if (typeof raw !== 'boolean') return problem('yes_no', rule);
    return rule.required && !raw ? problem('consent', rule) : ok(raw);
  }
  if (rule.type === 'multiselect') {
    if (!Array.isArray(raw)) return problem('option', rule);
    const picked = [
      ...new Set((raw as readonly unknown[]).map((x) => (typeof x === 'string' ? cleanValue(x) : '\u0000'))),
    ].filter(Boolean);
    if (picked.length === 0) return unanswered(rule);
    return picked.every((x) => rule.options?.includes(x)) ? ok(picked) : problem('option', rule);
  }
  if (typeof raw !== 'string') return problem('not_text', rule);
  const v = cleanValue(raw);
  return v === '' ? unanswered(rule) : checkText(rule, v);
}
