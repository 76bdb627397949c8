import type { FormFieldView } from '../../main/contract/views';
import { maskForReview } from '../../rules/masking';
import { optionLabel, type FormValue } from './form-value';

/** One answer as the review screen shows it: option labels, 是/否, masked numbers (rules/masking.ts). */
export function reviewText(field: FormFieldView, value: FormValue, yesNo: { yes: string; no: string }): string {
  if (typeof value === 'boolean') return value ? yesNo.yes : yesNo.no;
  if (Array.isArray(value)) return value.map((v) => optionLabel(field, v)).join('、');
  if (field.type === 'select') return optionLabel(field, value);
  return maskForReview(field.type, value);
}
