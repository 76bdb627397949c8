import type { FormFieldView } from '../../main/contract/views';
import { optionLabel, type FormValue } from './form-value';

/**
 * Masks a typed answer on the review screen, which a bystander can read: mobile numbers as
 * 138****8000, ID numbers and long digit runs (bank cards, certificates) keep only their first
 * and last four characters.
 */
export function maskForReview(type: string, value: string): string {
  if (type === 'phone' && /^1\d{10}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(7)}`;
  if ((type === 'digits' || type === 'id_number') && value.length >= 15) {
    return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
  }
  return value;
}

/** One answer as the review screen shows it: option labels, 是/否, masked numbers. */
export function reviewText(field: FormFieldView, value: FormValue, yesNo: { yes: string; no: string }): string {
  if (typeof value === 'boolean') return value ? yesNo.yes : yesNo.no;
  if (Array.isArray(value)) return value.map((v) => optionLabel(field, v)).join('、');
  if (field.type === 'select') return optionLabel(field, value);
  return maskForReview(field.type, value);
}
