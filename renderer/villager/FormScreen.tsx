import type { FormFieldView } from '../../main/contract/views';
import { Keypad } from '../components/Keypad';
import { TextKeyboard } from '../components/TextKeyboard';
import { zhCN } from '../i18n/zh-CN';
import { currentField, type FieldError } from '../logic/form-steps';
import { fieldToKeypadValue, keypadSpecFor, keypadValueToField } from '../logic/keypad';
import type { VillagerController } from './controller';

function errorMessage(e: FieldError | undefined): string | null {
  if (!e) return null;
  return e.kind === 'host' ? e.message : zhCN.fieldProblem[e.problem];
}

function FieldInput({ field, value, onChange }: { field: FormFieldView; value: string; onChange: (v: string) => void }) {
  if (field.type === 'select') {
    return (
      <div class="options" data-testid={`field-${field.id}-options`}>
        {(field.options ?? []).map((o, i) => (
          <button
            type="button"
            key={o}
            class={`btn option ${value === o ? 'selected' : ''}`}
            aria-pressed={value === o}
            data-testid={`field-${field.id}-option-${i}`}
            onClick={() => onChange(o)}
          >
            {value === o ? '✔ ' : ''}{o}
          </button>
        ))}
      </div>
    );
  }
  if (field.type === 'text') {
    return <TextKeyboard value={value} maxLength={field.maxLength} onChange={onChange} testid={`field-${field.id}-kb`} />;
  }
  const spec = keypadSpecFor(field.type, field.maxLength);
  return (
    <Keypad
      spec={spec}
      value={fieldToKeypadValue(spec.kind, value)}
      onChange={(typed) => onChange(keypadValueToField(spec.kind, typed))}
      testid={`field-${field.id}-keypad`}
    />
  );
}

export function FormScreen({ c }: { c: VillagerController }) {
  const p = c.state.form.value;
  if (!p) return null;
  const field = currentField(p);
  if (!field) return null;
  const value = p.values[field.id] ?? '';
  const error = errorMessage(p.errors[field.id]);
  const hint = field.hint ?? (field.type === 'phone' ? zhCN.form.phoneHint : field.type === 'date' ? zhCN.form.dateHint : null);
  return (
    <section class="screen form" data-testid="screen-form" data-field={field.id}>
      <div class="form-body">
        <div class="form-left">
          <p class="step" data-testid="form-step">{p.form.serviceName} · {zhCN.form.stepOf(p.index + 1, p.asked.length)}</p>
          <h1 class="title" data-testid="form-label">
            {field.type === 'select' ? zhCN.form.promptSelect(field.label) : zhCN.form.prompt(field.label)}
            {!field.required && <span class="optional">{zhCN.form.optional}</span>}
          </h1>
          {hint && <p class="hint">{hint}</p>}
          {error && <p class="error" role="alert" data-testid="form-error">⚠ {error}</p>}
          {p.index === 0 && p.prefilled.length > 0 && (
            <div class="prefilled" data-testid="form-prefilled">
              <p class="prefilled-title">{zhCN.form.fromCard}</p>
              <dl>
                {p.prefilled.map((f) => (
                  <div class="row" key={f.id} data-testid={`prefilled-${f.id}`}>
                    <dt>{f.label}</dt>
                    <dd>{f.prefilledDisplay}</dd>
                  </div>
                ))}
              </dl>
            </div>
          )}
        </div>
        <div class="form-right">
          <FieldInput field={field} value={value} onChange={(v) => c.answer(field.id, v)} />
        </div>
      </div>
      <div class="nav">
        <button type="button" class="btn btn-secondary" data-testid="form-back" onClick={() => c.previousStep()}>{zhCN.common.back}</button>
        <button type="button" class="btn btn-primary" data-testid="form-next" onClick={() => c.nextStep()}>
          {!field.required && value === '' ? zhCN.common.skip : zhCN.common.next}
        </button>
      </div>
    </section>
  );
}
