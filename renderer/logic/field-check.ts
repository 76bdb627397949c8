import type { FormFieldView } from '../../main/contract/views';

/** Why a typed value is not acceptable yet; the i18n catalogue turns these into Chinese. */
export type FieldProblem = 'required' | 'phone' | 'date' | 'number' | 'too_long' | 'option';

function validDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Checks one answer locally, so the villager hears about a mistake on the same step. */
export function checkField(field: FormFieldView, value: string): FieldProblem | null {
  if (value === '') return field.required ? 'required' : null;
  if (field.maxLength !== undefined && value.length > field.maxLength) return 'too_long';
  switch (field.type) {
    case 'phone':
      return /^1[3-9]\d{9}$/.test(value) ? null : 'phone';
    case 'date':
      return validDate(value) ? null : 'date';
    case 'number':
      return /^\d+$/.test(value) ? null : 'number';
    case 'digits':
      return /^\d+X?$/.test(value) ? null : 'number';
    case 'select':
      return field.options === undefined || field.options.includes(value) ? null : 'option';
    default:
      return null;
  }
}
