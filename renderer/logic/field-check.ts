import type { FormFieldView } from '../../main/contract/views';
import { isAnswered, type FormValue } from './form-value';

/** Why an answer is not acceptable yet; the i18n catalogue turns these into Chinese. */
export type FieldProblem = 'required' | 'consent' | 'phone' | 'date' | 'number' | 'range' | 'id_number' | 'too_long' | 'option';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 check character: catches most single-digit slips before the host does. */
function validIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

function validDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Checks one answer locally (same rules as the host), so a mistake is caught on its own step. */
export function checkField(field: FormFieldView, value: FormValue | undefined): FieldProblem | null {
  if (!isAnswered(value)) return field.required ? 'required' : null;
  const options = field.options?.map((o) => o.value);
  if (field.type === 'checkbox') {
    if (typeof value !== 'boolean') return 'option';
    return field.required && !value ? 'consent' : null;
  }
  if (field.type === 'multiselect') {
    if (!Array.isArray(value)) return 'option';
    return options === undefined || value.every((v) => options.includes(v)) ? null : 'option';
  }
  if (typeof value !== 'string') return 'option';
  if (field.maxLength !== undefined && [...value].length > field.maxLength) return 'too_long';
  switch (field.type) {
    case 'phone':
      return /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(value) ? null : 'phone';
    case 'date':
      return validDate(value) ? null : 'date';
    case 'number': {
      if (!/^\d{1,12}$/.test(value)) return 'number';
      const n = Number(value);
      if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) return 'range';
      return null;
    }
    case 'id_number':
      return validIdNumber(value) ? null : 'id_number';
    case 'digits':
      return /^[\dX]+$/.test(value) ? null : 'number';
    case 'select':
      return options === undefined || options.includes(value) ? null : 'option';
    default:
      return null;
  }
}
