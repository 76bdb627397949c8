import type { FormFieldView } from '../../main/contract/views';

/** What a field holds: typed text, picked option values (multiselect) or yes/no (checkbox). */
export type FormValue = string | string[] | boolean;

/** Whether the villager has given an answer at all (false is an answer for a checkbox). */
export function isAnswered(value: FormValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return true;
  return value.length > 0;
}

export function optionLabel(field: FormFieldView, value: string): string {
  return field.options?.find((o) => o.value === value)?.label ?? value;
}
