import { useEffect, useState } from 'preact/hooks';
import type { CorrectionView } from '../../../main/contract/agent-queue-views';
import type { KioskApi } from '../../../main/contract/kiosk-api';
import type { FormFieldView } from '../../../main/contract/views';
import { Keypad } from '../../components/Keypad';
import { TextKeyboard } from '../../components/TextKeyboard';
import { errorText, zhCN } from '../../i18n/zh-CN';
import { keypadSpecFor } from '../../logic/keypad';
import { newRequestId } from '../../logic/uuid';
import type { AgentController } from '../controller';
import { QueueActions } from './QueueActions';

const t = zhCN.agentQueue;
type Value = string | string[] | boolean;

/**
 * 修改后重新提交: the rejected application's own values, with the platform's reason above them;
 * the agent changes what the reason names and submits a new application that supersedes it.
 */
export function CorrectionPanel(props: {
  api: KioskApi;
  a: AgentController;
  txId: string;
  onDone: (note: string | null) => void;
}) {
  const { api, a } = props;
  const [view, setView] = useState<CorrectionView | null>(null);
  const [values, setValues] = useState<Record<string, Value>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [requestId] = useState(newRequestId);
  const [working, setWorking] = useState(false);

  useEffect(() => {
    void api.invoke('correction.open', { txId: props.txId }).then((r) => {
      if (!r.ok) return setError(errorText(r.error));
      setView(r.value);
      setValues(r.value.values);
    });
  }, [api, props.txId]);

  const set = (key: string, v: Value): void => {
    a.activity();
    setValues({ ...values, [key]: v });
    setProblems({ ...problems, [key]: '' });
  };

  const submit = async (): Promise<void> => {
    if (!view || working) return;
    setWorking(true);
    const release = a.hold();
    const sent = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    const r = await api.invoke('correction.resubmit', { txId: view.txId, values: sent, requestId });
    release();
    setWorking(false);
    if (r.ok) return props.onDone(t.resubmitted(r.value.localNumber));
    setError(errorText(r.error));
    if (r.error.fields) setProblems(r.error.fields);
  };

  return (
    <section class="agent-panel agent-correction" data-testid="agent-correction">
      <h1 class="agent-title">{t.correctionTitle}</h1>
      {view && (
        <>
          <p class="agent-hint">
            {view.serviceName} · {t.receiptLabel} {view.localNumber}
          </p>
          <p class="queue-reason" role="alert">
            {t.reasonLabel}：{view.reason}
          </p>
          <p class="agent-hint">{t.correctionHint}</p>
        </>
      )}
      {error && (
        <p class="agent-error" role="alert" data-testid="correction-error">
          ⚠ {error}
        </p>
      )}
      <ul class="correction-fields">
        {view?.fields.map((f) => (
          <li key={f.id} class="correction-field">
            <button
              type="button"
              class="btn correction-label"
              onClick={() => setEditing(editing === f.id ? null : f.id)}
            >
              {f.label}：{shown(f, values[f.id])}
            </button>
            {problems[f.id] && <p class="agent-error">{problems[f.id]}</p>}
            {editing === f.id && <FieldEditor field={f} value={values[f.id]} onChange={(v) => set(f.id, v)} />}
          </li>
        ))}
      </ul>
      <QueueActions
        onCancel={() => props.onDone(null)}
        action={t.submit}
        disabled={!view || working}
        onAction={() => void submit()}
      />
    </section>
  );
}

function shown(f: FormFieldView, v: Value | undefined): string {
  if (v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t.fieldYes : t.fieldNo;
  const label = (x: string) => f.options?.find((o) => o.value === x)?.label ?? x;
  return Array.isArray(v) ? v.map(label).join('、') : label(v);
}

function FieldEditor(props: { field: FormFieldView; value: Value | undefined; onChange: (v: Value) => void }) {
  const f = props.field;
  const id = `correction-${f.id}`;
  if (f.type === 'checkbox') {
    return (
      <div class="queue-actions">
        <button type="button" class="btn chip" onClick={() => props.onChange(true)}>
          {t.fieldYes}
        </button>
        <button type="button" class="btn chip" onClick={() => props.onChange(false)}>
          {t.fieldNo}
        </button>
      </div>
    );
  }
  if (f.type === 'select' || f.type === 'multiselect') {
    const current = props.value;
    return (
      <div class="queue-actions">
        {f.options?.map((o) => {
          const on = Array.isArray(current) ? current.includes(o.value) : current === o.value;
          const toggle = (): Value =>
            f.type === 'select'
              ? o.value
              : on
                ? (current as string[]).filter((x) => x !== o.value)
                : [...(Array.isArray(current) ? current : []), o.value];
          return (
            <button
              type="button"
              key={o.value}
              class={`btn chip ${on ? 'chip-on' : ''}`}
              aria-pressed={on}
              onClick={() => props.onChange(toggle())}
            >
              {o.label}
            </button>
          );
        })}
      </div>
    );
  }
  const text = typeof props.value === 'string' ? props.value : '';
  if (f.type === 'text' || f.type === 'textarea') {
    return <TextKeyboard value={text} maxLength={f.maxLength} onChange={props.onChange} testid={id} />;
  }
  return <Keypad spec={keypadSpecFor(f.type, f.maxLength)} value={text} onChange={props.onChange} testid={id} />;
}
