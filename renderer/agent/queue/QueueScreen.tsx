import { useEffect, useState } from 'preact/hooks';
import type { QueueItem, QueueQuery } from '../../../main/contract/agent-queue-views';
import type { KioskApi } from '../../../main/contract/kiosk-api';
import type { TxProgressStatus } from '../../../main/contract/views';
import { Keypad } from '../../components/Keypad';
import { errorText, formatDateTime, zhCN } from '../../i18n/zh-CN';
import { keypadSpecFor } from '../../logic/keypad';
import type { AgentController } from '../controller';
import { CorrectionPanel } from './CorrectionPanel';
import { SupplementPanel } from './SupplementPanel';
import { stationDay } from './station-day';

const t = zhCN.agentQueue;
const stateKeys = Object.keys(t.states) as TxProgressStatus[];
const receiptSpec = keypadSpecFor('localNumber', 14);

interface Filters {
  state: TxProgressStatus | null;
  mine: boolean;
  today: boolean;
  receipt: string | null;
  byCard: boolean;
}
const noFilters: Filters = { state: null, mine: false, today: false, receipt: null, byCard: false };

/**
 * 办件列表: the station's applications, newest first, with filters; it re-reads its page when the
 * host announces a queue change (queue.changed), so states move on screen as sync moves them.
 */
export function QueueScreen({ a, api }: { a: AgentController; api: KioskApi }) {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [typed, setTyped] = useState('');
  const [items, setItems] = useState<QueueItem[]>([]);
  const [pages, setPages] = useState<QueueQuery['before'][]>([undefined]);
  const [next, setNext] = useState<QueueQuery['before'] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const [supplementing, setSupplementing] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const agentId = a.state.agent.value?.agentId;
  const before = pages.at(-1);

  useEffect(() => api.subscribe('queue.changed', () => setReload((n) => n + 1)), [api]);
  useEffect(() => {
    let live = true;
    const query: QueueQuery = {
      ...(filters.state ? { state: filters.state } : {}),
      ...(filters.mine && agentId ? { agentId } : {}),
      ...(filters.today ? { day: stationDay(new Date()) } : {}),
      ...(filters.receipt ? { receiptNumber: filters.receipt } : {}),
      ...(filters.byCard ? { byCard: true } : {}),
      ...(before ? { before } : {}),
    };
    void api.invoke('queue.list', query).then((r) => {
      if (!live) return;
      if (!r.ok) {
        setItems([]);
        setNext(null);
        setMessage(r.error.code === 'no_session' ? t.byCardHint : errorText(r.error));
        return;
      }
      setItems(r.value.items);
      setNext(r.value.next);
    });
    return () => {
      live = false;
    };
  }, [api, filters, before, reload, agentId]);

  const change = (f: Partial<Filters>): void => {
    a.activity();
    setMessage(null);
    setPages([undefined]);
    setFilters({ ...filters, ...f });
  };

  if (correcting) {
    return (
      <CorrectionPanel
        api={api}
        a={a}
        txId={correcting}
        onDone={(note) => {
          setCorrecting(null);
          setMessage(note);
          setReload((n) => n + 1);
        }}
      />
    );
  }

  if (supplementing) {
    return (
      <SupplementPanel
        api={api}
        a={a}
        txId={supplementing}
        onDone={(note) => {
          setSupplementing(null);
          setMessage(note);
          setReload((n) => n + 1);
        }}
      />
    );
  }

  const reprint = async (item: QueueItem): Promise<void> => {
    a.activity();
    const release = a.hold();
    const r = await api.invoke('queue.reprint', { txId: item.txId });
    release();
    setMessage(r.ok ? (r.value.printed ? t.reprinted : r.value.message) : errorText(r.error));
    setReload((n) => n + 1);
  };

  return (
    <section class="agent-panel agent-queue" data-testid="agent-queue">
      <h1 class="agent-title">{t.title}</h1>
      <div class="queue-filters" role="group">
        <button
          type="button"
          class={`btn chip ${filters.state === null ? 'chip-on' : ''}`}
          aria-pressed={filters.state === null}
          onClick={() => change({ state: null })}
        >
          {t.allStates}
        </button>
        {stateKeys.map((s) => (
          <button
            type="button"
            key={s}
            class={`btn chip ${filters.state === s ? 'chip-on' : ''}`}
            aria-pressed={filters.state === s}
            onClick={() => change({ state: filters.state === s ? null : s })}
          >
            {t.states[s]}
          </button>
        ))}
      </div>
      <div class="queue-filters" role="group">
        <button
          type="button"
          class={`btn chip ${filters.mine ? 'chip-on' : ''}`}
          aria-pressed={filters.mine}
          onClick={() => change({ mine: !filters.mine })}
        >
          {t.onlyMine}
        </button>
        <button
          type="button"
          class={`btn chip ${filters.today ? 'chip-on' : ''}`}
          aria-pressed={filters.today}
          onClick={() => change({ today: !filters.today })}
        >
          {t.today}
        </button>
        <button
          type="button"
          class={`btn chip ${filters.byCard ? 'chip-on' : ''}`}
          aria-pressed={filters.byCard}
          onClick={() => change({ byCard: !filters.byCard })}
        >
          {t.byCard}
        </button>
        <button type="button" class="btn chip" onClick={() => (setTyped(''), change(noFilters))}>
          {t.clear}
        </button>
      </div>
      <details class="queue-receipt">
        <summary>{t.receiptLabel}</summary>
        <Keypad spec={receiptSpec} value={typed} onChange={setTyped} testid="queue-receipt-keypad" />
        <button type="button" class="btn btn-primary agent-btn" onClick={() => change({ receipt: typed || null })}>
          {t.find}
        </button>
      </details>
      {message && (
        <p class="agent-hint" role="status" data-testid="queue-message">
          {message}
        </p>
      )}
      {items.length === 0 && <p class="agent-hint">{t.empty}</p>}
      <ul class="queue-list">
        {items.map((item) => (
          <QueueRow
            key={item.txId}
            item={item}
            onCorrect={() => (a.activity(), setCorrecting(item.txId))}
            onSupplement={() => (a.activity(), setSupplementing(item.txId))}
            onReprint={() => void reprint(item)}
          />
        ))}
      </ul>
      {next && (
        <button type="button" class="btn agent-btn" onClick={() => setPages([...pages, next])}>
          {t.more}
        </button>
      )}
    </section>
  );
}

function QueueRow(props: { item: QueueItem; onCorrect: () => void; onSupplement: () => void; onReprint: () => void }) {
  const { item, onCorrect, onSupplement, onReprint } = props;
  return (
    <li class={`queue-item queue-${item.state}`} data-testid={`queue-item-${item.localNumber}`}>
      <div class="queue-head">
        <strong>{item.serviceName}</strong>
        <span class="queue-state" data-testid="queue-state">
          {t.states[item.state]}
        </span>
      </div>
      <div class="queue-line">
        {t.receiptLabel} {item.localNumber}
        {item.platformNumber && ` · ${t.platformNumber} ${item.platformNumber}`}
      </div>
      <div class="queue-line">
        {item.name} · {item.idNumber}
        {item.unmasked && <span class="queue-unmasked"> （{t.unmaskedNote}）</span>}
      </div>
      <div class="queue-line">
        {t.savedAt} {formatDateTime(item.createdAt)} · {t.agentLabel} {item.agentName ?? t.selfService}
      </div>
      {item.reason && (
        <p class="queue-reason" data-testid="queue-reason">
          {t.reasonLabel}：{item.reason}
        </p>
      )}
      {item.state === 'needs_more' && <p class="agent-hint">{t.supplementHint}</p>}
      <div class="queue-actions">
        {item.state === 'rejected' && !item.correctedBy && (
          <button type="button" class="btn btn-primary agent-btn" onClick={onCorrect}>
            {t.correct}
          </button>
        )}
        {item.correctedBy && <span class="agent-ok">{t.corrected}</span>}
        {item.state === 'needs_more' && (
          <button type="button" class="btn btn-primary agent-btn" onClick={onSupplement}>
            {t.supplement}
          </button>
        )}
        <button type="button" class="btn agent-btn" onClick={onReprint}>
          {t.reprint}
        </button>
      </div>
    </li>
  );
}
