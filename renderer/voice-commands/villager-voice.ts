import type { FormFieldView, ServiceSummary } from '../../main/contract/views';
import type { FormValue } from '../logic/form-value';
import { currentField, type FormProgress } from '../logic/form-steps';
import { applyKey, fieldToKeypadValue, keypadSpecFor, keypadValueToField, type KeypadKey } from '../logic/keypad';
import type { ScreenVocabulary, VoiceCommand } from './grammar';

/** The part of the villager controller that voice commands use (renderer/villager/controller.ts). */
export interface VillagerPort {
  screenName(): string;
  services(): readonly ServiceSummary[] | null;
  form(): FormProgress | null;
  goHome(): void;
  repeatPrompt(): void;
  chooseService(code: string): void;
  answer(fieldId: string, value: FormValue): void;
  nextStep(): void;
  previousStep(): void;
  reviewBack(): void;
  submit(): void;
}

const KEYPAD_TYPES: ReadonlySet<string> = new Set(['phone', 'digits', 'id_number', 'number', 'date']);

function fieldOnScreen(v: VillagerPort): FormFieldView | null {
  const p = v.form();
  return v.screenName() === 'form' && p ? (currentField(p) ?? null) : null;
}

/** What can be said on the screen showing now. */
export function villagerVocabulary(v: VillagerPort): ScreenVocabulary {
  if (v.screenName() === 'services') return { choices: (v.services() ?? []).map((s) => s.name), keypad: false };
  const field = fieldOnScreen(v);
  if (!field) return { choices: [], keypad: false };
  const options =
    field.type === 'select' || field.type === 'multiselect' ? (field.options ?? []).map((o) => o.label) : [];
  return { choices: options, keypad: KEYPAD_TYPES.has(field.type) };
}

/**
 * Does what a tap on the same screen would do. Returns false when the command means nothing here
 * (e.g. 是 on the service list), so the caller can ask again.
 */
export function performOnVillager(v: VillagerPort, command: VoiceCommand): boolean {
  const screen = v.screenName();
  const field = fieldOnScreen(v);
  const value = field ? v.form()?.values[field.id] : undefined;
  switch (command.kind) {
    case 'home':
      v.goHome();
      return true;
    case 'repeat':
      v.repeatPrompt();
      return true;
    case 'choose': {
      if (screen === 'services') {
        const service = v.services()?.find((s) => s.name === command.label);
        if (service) v.chooseService(service.code);
        return service !== undefined;
      }
      const option = field?.options?.find((o) => o.label === command.label);
      if (!field || !option) return false;
      if (field.type === 'select') v.answer(field.id, option.value);
      else {
        const chosen = Array.isArray(value) ? value : [];
        v.answer(
          field.id,
          chosen.includes(option.value) ? chosen.filter((x) => x !== option.value) : [...chosen, option.value],
        );
      }
      return true;
    }
    case 'yes':
    case 'no':
      if (field?.type !== 'checkbox') return false;
      v.answer(field.id, command.kind === 'yes');
      return true;
    case 'digit': {
      if (!field || !KEYPAD_TYPES.has(field.type)) return false;
      const spec = keypadSpecFor(field.type, field.maxLength);
      const typed = fieldToKeypadValue(spec.kind, typeof value === 'string' ? value : '');
      v.answer(field.id, keypadValueToField(spec.kind, applyKey(typed, command.digit as KeypadKey, spec)));
      return true;
    }
    case 'next':
    case 'confirm':
      if (screen === 'form') v.nextStep();
      else if (screen === 'review' && command.kind === 'confirm') v.submit();
      else return false;
      return true;
    case 'back':
      if (screen === 'form') v.previousStep();
      else if (screen === 'review') v.reviewBack();
      else return false;
      return true;
  }
}
