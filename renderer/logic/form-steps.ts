import type { FormFieldView, FormView } from '../../main/contract/views';
import { checkFieldValue, fieldRule, type FieldProblem } from '../../rules/field-rules';
import { isAnswered, type FormValue } from './form-value';

/**
 * The form as a series of steps: fields already known from the ID card are only shown; every
 * other field is asked on its own step, so each screen holds one decision.
 */
export interface FormProgress {
  readonly form: FormView;
  /** Fields the villager answers, in form order. */
  readonly asked: readonly FormFieldView[];
  /** Fields shown read-only (from the card). */
  readonly prefilled: readonly FormFieldView[];
  readonly index: number;
  readonly values: Readonly<Record<string, FormValue>>;
  /** Per-field message: found on screen by the shared rules, or sent by the host. */
  readonly errors: Readonly<Record<string, FieldError>>;
  /** Fields whose earlier answer (`reuseDisplay`) the villager chose: the host fills them in. */
  readonly reused: readonly string[];
}

/** Both kinds carry the Chinese message of rules/field-messages.ts (the host words its own the same way). */
export type FieldError = { kind: 'local'; problem: FieldProblem; message: string } | { kind: 'host'; message: string };

/** The problem the host would report for this answer, or null when it would accept it. */
export function checkAnswer(field: FormFieldView, value: FormValue | undefined): FieldError | null {
  const checked = checkFieldValue(fieldRule(field), value);
  return checked.ok ? null : { kind: 'local', problem: checked.error.code, message: checked.error.message };
}

export function startForm(form: FormView): FormProgress {
  const asked = form.fields.filter((f) => f.prefilledDisplay === undefined);
  const prefilled = form.fields.filter((f) => f.prefilledDisplay !== undefined);
  return { form, asked, prefilled, index: 0, values: {}, errors: {}, reused: [] };
}

export function currentField(p: FormProgress): FormFieldView | undefined {
  return p.asked[p.index];
}

export function isLastStep(p: FormProgress): boolean {
  return p.index >= p.asked.length - 1;
}

export function setValue(p: FormProgress, fieldId: string, value: FormValue): FormProgress {
  const errors = { ...p.errors };
  delete errors[fieldId];
  // Typing an answer is 重新填写: the earlier one is no longer used.
  const reused = p.reused.filter((id) => id !== fieldId);
  return { ...p, values: { ...p.values, [fieldId]: value }, errors, reused };
}

/** 使用上次填写的: the earlier answer stands for this field (only where the host offered one). */
export function chooseEarlier(p: FormProgress, fieldId: string): FormProgress {
  const field = p.asked.find((f) => f.id === fieldId);
  if (!field?.reuseDisplay) return p;
  const values = { ...p.values };
  delete values[fieldId];
  const errors = { ...p.errors };
  delete errors[fieldId];
  return { ...p, values, errors, reused: p.reused.includes(fieldId) ? p.reused : [...p.reused, fieldId] };
}

/** 重新填写: the villager will type this answer after all. */
export function dropEarlier(p: FormProgress, fieldId: string): FormProgress {
  return p.reused.includes(fieldId) ? { ...p, reused: p.reused.filter((id) => id !== fieldId) } : p;
}

export function isReused(p: FormProgress, fieldId: string): boolean {
  return p.reused.includes(fieldId);
}

/**
 * Moves on when the current answer is acceptable; otherwise stays and records the problem.
 * Returns `done: true` after the last field (then the review screen follows).
 */
export function next(p: FormProgress): { progress: FormProgress; done: boolean } {
  const field = currentField(p);
  if (!field) return { progress: p, done: true };
  const problem = isReused(p, field.id) ? null : checkAnswer(field, p.values[field.id]);
  if (problem) return { progress: { ...p, errors: { ...p.errors, [field.id]: problem } }, done: false };
  if (isLastStep(p)) return { progress: p, done: true };
  return { progress: { ...p, index: p.index + 1 }, done: false };
}

/** One step back; `left: true` when already on the first step (back to the service list). */
export function back(p: FormProgress): { progress: FormProgress; left: boolean } {
  if (p.index === 0) return { progress: p, left: true };
  return { progress: { ...p, index: p.index - 1 }, left: false };
}

/** Jumps to a field's step, e.g. "修改" on the review screen. */
export function goToField(p: FormProgress, fieldId: string): FormProgress {
  const i = p.asked.findIndex((f) => f.id === fieldId);
  return i < 0 ? p : { ...p, index: i };
}

/**
 * Applies `validation_failed` field messages from tx.submit: the first asked field with a
 * message becomes the current step. Returns null when no message names an asked field
 * (then the review screen shows the general error instead).
 */
export function applyHostErrors(p: FormProgress, fields: Record<string, string>): FormProgress | null {
  const errors: Record<string, FieldError> = { ...p.errors };
  let first = -1;
  p.asked.forEach((f, i) => {
    const message = fields[f.id];
    if (message !== undefined) {
      errors[f.id] = { kind: 'host', message };
      if (first < 0) first = i;
    }
  });
  if (first < 0) return null;
  return { ...p, errors, index: first };
}

/** Only the asked fields' answers go to the host; unanswered optional fields are left out. */
export function submittedValues(p: FormProgress): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const f of p.asked) {
    const v = p.values[f.id];
    if (isAnswered(v)) out[f.id] = v!;
  }
  return out;
}
