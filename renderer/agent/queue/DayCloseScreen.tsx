import { useEffect, useState } from 'preact/hooks';
import type { DayCloseScope, DayCloseSummary } from '../../../main/contract/agent-queue-views';
import type { KioskApi } from '../../../main/contract/kiosk-api';
import { errorText, formatDateTime, zhCN } from '../../i18n/zh-CN';
import type { AgentController } from '../controller';
import { DayChart } from './DayChart';
import { DayEvaluationsTable } from './DayEvaluationsTable';
import { stationDay } from './station-day';

const t = zhCN.dayClose;
const states = zhCN.agentQueue.states as Record<string, string>;

/** 日结: today's figures for the agent (or the whole station), a chart, and 日结并打印. */
export function DayCloseScreen({ a, api }: { a: AgentController; api: KioskApi }) {
  const [scope, setScope] = useState<DayCloseScope>('agent');
  const [summary, setSummary] = useState<DayCloseSummary | null>(null);
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const day = stationDay(new Date());

  useEffect(() => {
    void api.invoke('dayclose.summary', { day, scope }).then((r) => {
      if (r.ok) setSummary(r.value);
      else setMessage(errorText(r.error));
    });
  }, [api, day, scope]);

  const close = async (): Promise<void> => {
    setAsking(false);
    setWorking(true);
    const release = a.hold();
    const r = await api.invoke('dayclose.close', { day, scope });
    release();
    setWorking(false);
    if (!r.ok) return setMessage(errorText(r.error));
    setSummary(r.value.summary);
    const at = r.value.summary.closed ? formatDateTime(r.value.summary.closed.closedAt) : '';
    setMessage(r.value.print.printed ? t.closed(at) : t.closedNotPrinted);
  };

  return (
    <section class="agent-panel day-close" data-testid="agent-day-close">
      <h1 class="agent-title">
        {t.title} {day}
      </h1>
      <div class="queue-filters" role="group">
        {(['agent', 'station'] as const).map((s) => (
          <button
            type="button"
            key={s}
            class={`btn chip ${scope === s ? 'chip-on' : ''}`}
            aria-pressed={scope === s}
            onClick={() => (a.activity(), setMessage(null), setScope(s))}
          >
            {s === 'agent' ? t.mine : t.station}
          </button>
        ))}
      </div>
      {summary && (
        <>
          <p class="day-total" data-testid="day-total">
            {t.total(summary.total)}
          </p>
          <table class="day-table">
            <caption>{t.byService}</caption>
            <tbody>
              {summary.byService.map((s) => (
                <tr key={s.serviceCode}>
                  <th scope="row">{s.serviceName}</th>
                  <td>{s.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="day-table">
            <caption>{t.byState}</caption>
            <tbody>
              {Object.entries(summary.byState).map(([state, n]) => (
                <tr key={state}>
                  <th scope="row">{states[state] ?? state}</th>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="agent-hint" data-testid="day-evaluations">
            {t.evaluations}：{t.evaluationCount(summary.evaluations.count)}（{summary.evaluations.note}）
          </p>
          <DayEvaluationsTable evaluations={summary.evaluations} />
          <p class="agent-hint" data-testid="day-backlog">
            {t.backlog}：{t.backlogCount(summary.backlog.count)}，
            {summary.backlog.oldest ? t.oldest(summary.backlog.oldest.localNumber) : t.noBacklog}
          </p>
          <DayChart perHour={summary.perHour} />
        </>
      )}
      {message && (
        <p class="agent-ok" role="status" data-testid="day-message">
          {message}
        </p>
      )}
      {asking ? (
        <div class="day-confirm" role="alertdialog">
          <p class="agent-hint">{t.confirm}</p>
          <div class="queue-actions">
            <button type="button" class="btn agent-btn" onClick={() => setAsking(false)}>
              {t.confirmNo}
            </button>
            <button type="button" class="btn btn-primary agent-btn" onClick={() => void close()}>
              {t.confirmYes}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          class="btn btn-primary agent-btn"
          disabled={!summary || working}
          onClick={() => (a.activity(), setAsking(true))}
        >
          {t.close}
        </button>
      )}
    </section>
  );
}
