import type { FormFieldView } from '../contract/views';
import type { FormField } from './catalog-schema';

/** Only digits (and a final X) fit the pattern: the numeric keypad is the right input. */
const numericPattern = /^(?:\\d|\[0-9\]|\[\\dX\]|\[0-9X\]|\{\d+(?:,\d+)?\})+$/;

function viewType(f: FormField): FormFieldView['type'] {
  if (f.type === 'text' && f.pattern !== undefined && numericPattern.test(f.pattern)) return 'digits';
  return f.type;
}

/**
 * A catalogue field as the screen sees it (without what the card fills in). It carries every rule
 * input (pattern, lengths, bounds, options), so the screen applies exactly the host's rules.
 */
export function fieldView(f: FormField): FormFieldView {
  return {
    id: f.key,
    label: f.label,
    type: viewType(f),
    required: f.required,
    ...(f.options ? { options: f.options } : {}),
    ...(f.max_length ? { maxLength: f.max_length } : {}),
    ...(f.pattern !== undefined ? { pattern: f.pattern } : {}),
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
  };
}
