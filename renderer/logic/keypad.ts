import type { FieldType } from '../../main/contract/views';

/** Keys of the on-screen numeric keypad. `X` only appears for ID-number style fields. */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'X' | '-' | 'back' | 'clear';

/** What the keypad is typing: decides which keys exist and how long the value may get. */
export type KeypadKind = 'digits' | 'id_number' | 'phone' | 'number' | 'date' | 'localNumber';

export interface KeypadSpec {
  kind: KeypadKind;
  maxLength: number;
  /** Extra keys shown beside 0–9 (the last row), e.g. X for ID numbers, '-' for receipt numbers. */
  extraKeys: KeypadKey[];
}

const PHONE_LENGTH = 11;
/** A date is typed as 8 digits, YYYYMMDD; the keypad screen shows it as 年月日. */
const DATE_DIGITS = 8;

export function keypadSpecFor(type: FieldType | 'localNumber', maxLength?: number): KeypadSpec {
  switch (type) {
    case 'phone':
      // Mobile (11 digits from 1) or landline with area code (0xx-xxxxxxxx).
      return { kind: 'phone', maxLength: maxLength ?? 13, extraKeys: ['-'] };
    case 'id_number':
      return { kind: 'id_number', maxLength: 18, extraKeys: ['X'] };
    case 'number':
      // Counts and amounts in whole units: the host accepts digits only.
      return { kind: 'number', maxLength: maxLength ?? 12, extraKeys: [] };
    case 'date':
      return { kind: 'date', maxLength: DATE_DIGITS, extraKeys: [] };
    case 'localNumber':
      return { kind: 'localNumber', maxLength: maxLength ?? 40, extraKeys: ['-'] };
    default:
      // Certificate numbers may carry an X (e.g. 残疾人证: ID number + 2 digits).
      return { kind: 'digits', maxLength: maxLength ?? 32, extraKeys: ['X'] };
  }
}

/** The next value after a key press; a key that makes no sense here leaves the value unchanged. */
export function applyKey(value: string, key: KeypadKey, spec: KeypadSpec): string {
  if (key === 'clear') return '';
  if (key === 'back') return value.slice(0, -1);
  if (value.length >= spec.maxLength) return value;
  if (spec.kind === 'phone' && value.startsWith('1') && (value.length >= PHONE_LENGTH || key === '-')) return value;
  if (/^[0-9]$/.test(key)) {
    if (spec.kind === 'phone' && value.length === 0 && key !== '1' && key !== '0') return value;
    if (spec.kind === 'number' && value === '0') return key;
    return value + key;
  }
  if (!spec.extraKeys.includes(key)) return value;
  if (key === 'X') {
    if (spec.kind === 'id_number') return value.length === spec.maxLength - 1 ? value + 'X' : value;
    return value === '' ? value : value + 'X';
  }
  if (key === '-') {
    if (spec.kind === 'phone') return value.length >= 3 && !value.includes('-') ? value + '-' : value;
    return value === '' || value.endsWith('-') ? value : value + '-';
  }
  return value;
}

/**
 * Turns the typed keypad value into the field value sent to the host: dates become YYYY-MM-DD,
 * everything else is kept exactly as typed. Display grouping (formatKeypadDisplay) never enters
 * the value, so value → keypad → value is the identity.
 */
export function keypadValueToField(kind: KeypadKind, typed: string): string {
  if (kind === 'date' && typed.length === DATE_DIGITS) {
    return `${typed.slice(0, 4)}-${typed.slice(4, 6)}-${typed.slice(6, 8)}`;
  }
  return typed;
}

/** Inverse of keypadValueToField, for going back to a step already answered. */
export function fieldToKeypadValue(kind: KeypadKind, value: string): string {
  return kind === 'date' ? value.replace(/-/g, '') : value;
}

/** Big-screen display of what was typed so far: phone 3-4-4, long numbers in fours, dates as 年月日 placeholders. */
export function formatKeypadDisplay(kind: KeypadKind, typed: string): string {
  if (kind === 'phone' && typed.startsWith('1')) {
    return [typed.slice(0, 3), typed.slice(3, 7), typed.slice(7, 11)].filter((p) => p !== '').join(' ');
  }
  if (kind === 'date') {
    const pad = (s: string, n: number): string => s.padEnd(n, '_');
    return `${pad(typed.slice(0, 4), 4)}年${pad(typed.slice(4, 6), 2)}月${pad(typed.slice(6, 8), 2)}日`;
  }
  if ((kind === 'digits' || kind === 'id_number') && typed.length > 8) return typed.replace(/(.{4})(?=.)/g, '$1 ');
  return typed;
}
