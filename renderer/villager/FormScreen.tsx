import type { FormFieldView } from '../../main/contract/views';
import { Keypad } from '../components/Keypad';
import { TextKeyboard } from '../components/TextKeyboard';
import { zhCN } from '../i18n/zh-CN';
import { currentField } from '../logic/form-steps';
import type { FormValue } from '../logic/form-value';
import { isAnswered } from '../logic/form-value';
import { fieldToKeypadValue, keypadSpecFor, keypadValueToField } from '../logic/keypad';
import type { VillagerController } from './controller';
import { useState } from 'preact/hooks';
import { isReused } from '../logic/form-steps';
import { ReuseOffer } from './ReuseOffer';

function FieldInput({
  field,
  value,
  onChange,
}: {
  field: FormFieldView;
  value: FormValue | undefined;
  onChange: (v: FormValue) => void;
}) {
  if (field.type === 'select' || field.type === 'multiselect') {
    const multi = field.type === 'multiselect';
    const picked = Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : [];
    const toggle = (v: string): FormValue => (picked.includes(v) ? picked.filter((x) => x !== v) : [...picked, v]);
    return (
      <div class="options" data-testid={`field-${field.id}-options`}>
        {(field.options ?? []).map((o, i) => {
          const on = picked.includes(o.value);
          return (
            <button
              type="button"
              key={o.value}
              class={`btn option ${on ? 'selected' : ''}`}
              aria-pressed={on}
              data-testid={`field-${field.id}-option-${i}`}
              onClick={() => onChange(multi ? toggle(o.value) : o.value)}
            >
              {on ? '✔ ' : ''}
              {o.label}
            </button>
          );
        })}
      </div>
    );
  }
  if (field.type === 'checkbox') {
    return (
      <div class="options" data-testid={`field-${field.id}-options`}>
        {([true, false] as const).map((v) => (
          <button
            type="button"
            key={String(v)}
            class={`btn option ${value === v ? 'selected' : ''}`}
            aria-pressed={value === v}
            data-testid={`field-${field.id}-${v ? 'yes' : 'no'}`}
            onClick={() => onChange(v)}
          >
            {value === v ? '✔ ' : ''}
            {v ? zhCN.form.yes : zhCN.form.no}
          </button>
        ))}
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  if (field.type === 'text' || field.type === 'textarea') {
    return (
      <TextKeyboard value={text} maxLength={field.maxLength} onChange={onChange} testid={`field-${field.id}-kb`} />
    );
  }
  const spec = keypadSpecFor(field.type, field.maxLength);
  return (
    <Keypad
      spec={spec}
      value={fieldToKeypadValue(spec.kind, text)}
      onChange={(typed) => onChange(keypadValueToField(spec.kind, typed))}
      testid={`field-${field.id}-keypad`}
    />
  );
}

function promptText(field: FormFieldView): string {
  if (field.type === 'checkbox') return zhCN.form.promptCheckbox(field.label);
  if (field.type === 'select' || field.type === 'multiselect') return zhCN.form.promptSelect(field.label);
  return zhCN.form.prompt(field.label);
}

function hintText(field: FormFieldView): string | null {
  if (field.hint) return field.hint;
  if (field.type === 'phone') return zhCN.form.phoneHint;
  if (field.type === 'date') return zhCN.form.dateHint;
  if (field.type === 'multiselect') return zhCN.form.multiHint;
  if (field.type === 'number' && (field.min !== undefined || field.max !== undefined))
    return zhCN.form.rangeHint(field.min, field.max);
  return null;
}

export function FormScreen({ c }: { c: VillagerController }) {
  // 重新填写 was tapped on this step: the offer folds away, the keypad or keyboard stays.
  const [retyping, setRetyping] = useState<string | null>(null);
  const p = c.state.form.value;
  if (!p) return null;
  const field = currentField(p);
  if (!field) return null;
  const value = p.values[field.id];
  const error = p.errors[field.id]?.message ?? null;
  const hint = hintText(field);
  const reused = isReused(p, field.id);
  const offer = field.reuseDisplay !== undefined && retyping !== field.id;
  return (
    <section class="screen form" data-testid="screen-form" data-field={field.id}>
      <div class="form-body">
        <div class="form-left">
          <p class="step" data-testid="form-step">
            {p.form.serviceName} · {zhCN.form.stepOf(p.index + 1, p.asked.length)}
          </p>
          <h1 class="title" data-testid="form-label">
            {promptText(field)}
            {!field.required && <span class="optional">{zhCN.form.optional}</span>}
          </h1>
          {hint && <p class="hint">{hint}</p>}
          {error && (
            <p class="error" role="alert" data-testid="form-error">
              ⚠ {error}
            </p>
          )}
          {offer && (
            <ReuseOffer
              field={field}
              chosen={reused}
              onUse={() => c.useEarlierAnswer(field.id)}
              onRetype={() => {
                setRetyping(field.id);
                c.retypeAnswer(field.id);
              }}
            />
          )}
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
        <button type="button" class="btn btn-secondary" data-testid="form-back" onClick={() => c.previousStep()}>
          {zhCN.common.back}
        </button>
        <button type="button" class="btn btn-primary" data-testid="form-next" onClick={() => c.nextStep()}>
          {!field.required && !isAnswered(value) && !reused ? zhCN.common.skip : zhCN.common.next}
        </button>
      </div>
    </section>
  );
}
