import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormFieldView, FormView, ServiceSummary, SessionView, SubmitResult } from '../../main/contract/views';
import { checkFieldValue, fieldRule } from '../../rules/field-rules';
import { errorText, zhCN } from '../i18n/zh-CN';
import { isAnswered, type FormValue } from '../logic/form-value';
import { newRequestId } from '../logic/uuid';
import { reviewText } from '../logic/review-text';
import type { AgentController } from './controller';
import { PhotoCapture } from './PhotoCapture';
import { SignatureCanvas, type SignatureHandle } from './SignatureCanvas';

const t = zhCN.agentServe;
type Kind = 'assist' | 'proxy';
type Step = 'service' | 'card' | 'form' | 'photos' | 'consent' | 'done';
type Purpose = 'authorisation' | 'id_card';
const PURPOSES: readonly Purpose[] = ['authorisation', 'id_card'];

/**
 * 帮办 (`assist`: the villager is here, places their own card, signs the consent) and 代办
 * (`proxy`: the villager is absent, the agent types everything and photographs the written
 * authorisation and the villager's ID card). All state is local: the shell remounts this on every
 * lock or sign-out, so nothing of the villager survives it.
 */
export function ServeScreen({ a, kind }: { a: AgentController; kind: Kind }) {
  const [step, setStep] = useState<Step>('service');
  const [services, setServices] = useState<ServiceSummary[]>([]);
  const [service, setService] = useState<ServiceSummary | null>(null);
  const [villager, setVillager] = useState<SessionView | null>(null);
  const [form, setForm] = useState<FormView | null>(null);
  const [values, setValues] = useState<Record<string, FormValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [staged, setStaged] = useState<Purpose[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SubmitResult | null>(null);
  const requestId = useRef(newRequestId());

  useEffect(() => {
    // 代办 works without any card on the reader; 帮办 waits for the villager's own.
    if (kind === 'proxy') void a.api.invoke('session.end', {});
    void a.api.invoke('catalog.list', {}).then((r) => {
      if (r.ok) setServices(r.value.services);
      else setNotice(errorText(r.error));
    });
  }, []);

  const openForm = async (s: ServiceSummary): Promise<void> => {
    const r = await a.api.invoke('catalog.form', { serviceCode: s.code });
    if (!r.ok) {
      setNotice(errorText(r.error));
      return;
    }
    setForm(r.value);
    setValues({});
    setErrors({});
    requestId.current = newRequestId();
    setStep('form');
  };

  useEffect(() => {
    if (step !== 'card' || !service) return;
    const seen = (view: SessionView | null): void => {
      if (!view) return;
      setVillager(view);
      void openForm(service);
    };
    const off = a.onVillagerCard(seen);
    void a.api.invoke('session.current', {}).then((r) => r.ok && seen(r.value));
    return off;
  }, [step, service]);

  const choose = (s: ServiceSummary): void => {
    a.activity();
    setNotice(null);
    if (kind === 'proxy' && !s.proxyAllowed) {
      setNotice(zhCN.errors.proxy_not_allowed);
      return;
    }
    setService(s);
    if (kind === 'assist') setStep('card');
    else void openForm(s);
  };

  const asked = form ? form.fields.filter((f) => f.prefilledDisplay === undefined) : [];
  const answered = (): Record<string, FormValue> =>
    Object.fromEntries(asked.filter((f) => isAnswered(values[f.id])).map((f) => [f.id, values[f.id]!]));

  const checkForm = (): void => {
    a.activity();
    // The host's own rules and words (rules/field-rules.ts), before anything is sent.
    const found: Record<string, string> = {};
    for (const f of asked) {
      const r = checkFieldValue(fieldRule(f), isAnswered(values[f.id]) ? values[f.id] : undefined);
      if (!r.ok) found[f.id] = r.error.message;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setStep(kind === 'assist' ? 'consent' : 'photos');
  };

  const finish = (r: Awaited<ReturnType<typeof a.api.invoke<'agent.proxySubmit'>>>): void => {
    setSaving(false);
    if (r.ok) {
      setResult(r.value);
      setStep('done');
      return;
    }
    if (r.error.code === 'validation_failed' && r.error.fields && asked.some((f) => r.error.fields![f.id])) {
      setErrors(r.error.fields);
      setStep('form');
      return;
    }
    setNotice(errorText(r.error));
  };

  const submitAssist = async (signature: string): Promise<void> => {
    if (!form || saving) return;
    setSaving(true);
    const release = a.hold();
    try {
      finish(
        await a.api.invoke('agent.assistSubmit', {
          serviceCode: form.serviceCode,
          values: answered(),
          requestId: requestId.current,
          signaturePngBase64: signature,
        }),
      );
    } finally {
      release();
    }
  };

  const refuse = async (): Promise<void> => {
    if (!form) return;
    await a.api.invoke('agent.consentRefused', { serviceCode: form.serviceCode });
    // The draft goes: nothing of it is kept, the villager's card session ends.
    await a.api.invoke('session.end', {});
    a.go('menu');
  };

  const stage = async (purpose: Purpose, jpegBase64: string): Promise<void> => {
    a.activity();
    const r = await a.api.invoke('agent.stagePhoto', { purpose, jpegBase64 });
    if (r.ok) setStaged(r.value.staged);
    else setNotice(errorText(r.error));
  };

  const submitProxy = async (): Promise<void> => {
    if (!form || saving) return;
    setSaving(true);
    const release = a.hold();
    try {
      finish(
        await a.api.invoke('agent.proxySubmit', {
          serviceCode: form.serviceCode,
          values: answered(),
          requestId: requestId.current,
        }),
      );
    } finally {
      release();
    }
  };

  return (
    <section class="agent-panel agent-serve" data-testid={`agent-serve-${kind}`} data-step={step}>
      <h1 class="agent-title">
        {kind === 'assist' ? t.assistTitle : t.proxyTitle}
        {service ? ` · ${service.name}` : ''}
      </h1>
      {notice && (
        <p class="agent-error" role="alert" data-testid="agent-serve-notice">
          ⚠ {notice}
        </p>
      )}
      {step === 'service' && (
        <div class="agent-menu-list">
          {services.map((s) => (
            <button
              type="button"
              key={s.code}
              class="btn agent-menu-item"
              data-testid={`agent-service-${s.code}`}
              onClick={() => choose(s)}
            >
              <span class="agent-menu-label">{s.name}</span>
              <span class="agent-menu-hint">{kind === 'proxy' && !s.proxyAllowed ? t.noProxy : s.category}</span>
            </button>
          ))}
        </div>
      )}
      {step === 'card' && <p class="agent-hint">{t.placeCard}</p>}
      {step === 'form' && form && (
        <FormPanel
          form={form}
          villager={villager}
          asked={asked}
          values={values}
          errors={errors}
          onChange={(id, v) => {
            a.activity();
            setValues({ ...values, [id]: v });
            setErrors({ ...errors, [id]: '' });
          }}
          onNext={checkForm}
        />
      )}
      {step === 'photos' && (
        <div class="agent-photos" data-testid="agent-photos">
          {PURPOSES.map((p) => (
            <p key={p} class={staged.includes(p) ? 'agent-ok' : 'agent-hint'} data-testid={`agent-photo-${p}`}>
              {staged.includes(p) ? `✔ ${t.photoDone[p]}` : t.photoTodo[p]}
            </p>
          ))}
          {PURPOSES.filter((p) => !staged.includes(p))
            .slice(0, 1)
            .map((p) => (
              <PhotoCapture key={p} testid={`agent-camera-${p}`} onShot={(b64) => void stage(p, b64)} />
            ))}
          <button
            type="button"
            class="btn btn-primary agent-btn"
            disabled={staged.length < PURPOSES.length || saving}
            data-testid="agent-proxy-submit"
            onClick={() => void submitProxy()}
          >
            {saving ? zhCN.review.saving : t.submitProxy}
          </button>
        </div>
      )}
      {step === 'consent' && form && (
        <Consent
          a={a}
          form={form}
          asked={asked}
          values={values}
          saving={saving}
          onSigned={(png) => void submitAssist(png)}
          onRefuse={() => void refuse()}
        />
      )}
      {step === 'done' && result && (
        <div class="agent-done" data-testid="agent-done">
          <p class="agent-ok">✔ {t.saved}</p>
          <p class="agent-number" data-testid="agent-local-number">
            {result.localNumber}
          </p>
          <p class={result.print.printed ? 'agent-hint' : 'agent-error'}>
            {result.print.printed ? t.printed : result.print.message}
          </p>
          <button type="button" class="btn btn-primary agent-btn" onClick={() => a.go('menu')}>
            {t.backToMenu}
          </button>
        </div>
      )}
    </section>
  );
}

function FormPanel(props: {
  form: FormView;
  villager: SessionView | null;
  asked: FormFieldView[];
  values: Record<string, FormValue>;
  errors: Record<string, string>;
  onChange: (id: string, v: FormValue) => void;
  onNext: () => void;
}) {
  const prefilled = props.form.fields.filter((f) => f.prefilledDisplay !== undefined);
  return (
    <div class="agent-form" data-testid="agent-form">
      {props.villager && <p class="agent-hint">{t.villager(props.villager.maskedName)}</p>}
      {prefilled.length > 0 && (
        <dl class="agent-prefilled">
          {prefilled.map((f) => (
            <div class="row" key={f.id}>
              <dt>{f.label}</dt>
              <dd>{f.prefilledDisplay}</dd>
            </div>
          ))}
        </dl>
      )}
      {props.asked.map((f) => (
        <div class="agent-field" key={f.id}>
          <AgentFieldInput field={f} value={props.values[f.id]} onChange={(v) => props.onChange(f.id, v)} />
          {props.errors[f.id] && (
            <p class="agent-error" role="alert" data-testid={`agent-field-${f.id}-error`}>
              ⚠ {props.errors[f.id]}
            </p>
          )}
        </div>
      ))}
      <button type="button" class="btn btn-primary agent-btn" data-testid="agent-form-next" onClick={props.onNext}>
        {zhCN.common.next}
      </button>
    </div>
  );
}

/** Agents type with the full keyboard (physical or the system's, with pinyin); choices are buttons. */
function AgentFieldInput({
  field,
  value,
  onChange,
}: {
  field: FormFieldView;
  value: FormValue | undefined;
  onChange: (v: FormValue) => void;
}) {
  const label = `${field.label}${field.required ? '' : zhCN.form.optional}`;
  if (field.type === 'select' || field.type === 'multiselect' || field.type === 'checkbox') {
    const options =
      field.type === 'checkbox'
        ? [
            { value: true, label: zhCN.form.yes },
            { value: false, label: zhCN.form.no },
          ]
        : (field.options ?? []).map((o) => ({ value: o.value, label: o.label }));
    const on = (v: string | boolean): boolean =>
      Array.isArray(value) ? typeof v === 'string' && value.includes(v) : value === v;
    const pick = (v: string | boolean): FormValue => {
      if (field.type !== 'multiselect' || typeof v !== 'string') return v;
      const list = Array.isArray(value) ? value : [];
      return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
    };
    return (
      <fieldset class="agent-choice">
        <legend>{label}</legend>
        {options.map((o) => (
          <button
            type="button"
            key={String(o.value)}
            class={`btn option ${on(o.value) ? 'selected' : ''}`}
            aria-pressed={on(o.value)}
            onClick={() => onChange(pick(o.value))}
          >
            {on(o.value) ? '✔ ' : ''}
            {o.label}
          </button>
        ))}
      </fieldset>
    );
  }
  return (
    <label class="agent-input">
      <span>{label}</span>
      <input
        type={field.type === 'date' ? 'date' : 'text'}
        inputMode={field.type === 'text' || field.type === 'textarea' ? 'text' : 'numeric'}
        value={typeof value === 'string' ? value : ''}
        maxLength={field.maxLength}
        data-testid={`agent-field-${field.id}`}
        onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value.trim())}
      />
    </label>
  );
}

/** Large type, read aloud: what will be sent, then the villager signs or refuses. */
function Consent(props: {
  a: AgentController;
  form: FormView;
  asked: FormFieldView[];
  values: Record<string, FormValue>;
  saving: boolean;
  onSigned: (png: string) => void;
  onRefuse: () => void;
}) {
  const pad = useRef<SignatureHandle | null>(null);
  const [empty, setEmpty] = useState(true);
  const rows = [
    ...props.form.fields
      .filter((f) => f.prefilledDisplay !== undefined)
      .map((f) => [f.label, f.prefilledDisplay!] as const),
    ...props.asked
      .filter((f) => isAnswered(props.values[f.id]))
      .map((f) => [f.label, reviewText(f, props.values[f.id]!, zhCN.review)] as const),
  ];
  const agent = props.a.state.agent.value;
  useEffect(() => {
    props.a.say(t.consentSpoken(props.form.serviceName, rows.map(([l, v]) => `${l}，${v}`).join('；')));
  }, []);
  return (
    <div class="consent" data-testid="agent-consent">
      <h2 class="consent-title">{t.consentTitle(props.form.serviceName)}</h2>
      <dl class="consent-list">
        {rows.map(([l, v]) => (
          <div class="row" key={l}>
            <dt>{l}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p class="consent-text">{t.consentText(agent?.maskedName ?? '')}</p>
      <SignatureCanvas
        onReady={(h) => (pad.current = h)}
        onChange={() => {
          props.a.activity();
          setEmpty(pad.current?.isEmpty() ?? true);
        }}
      />
      <div class="consent-actions">
        <button type="button" class="btn agent-btn" onClick={() => pad.current?.clear()}>
          {t.clearSignature}
        </button>
        <button type="button" class="btn agent-btn" disabled={props.saving} onClick={props.onRefuse}>
          {t.refuse}
        </button>
        <button
          type="button"
          class="btn btn-primary agent-btn"
          disabled={empty || props.saving}
          onClick={() => pad.current && props.onSigned(pad.current.pngBase64())}
        >
          {props.saving ? zhCN.review.saving : t.agree}
        </button>
      </div>
    </div>
  );
}
