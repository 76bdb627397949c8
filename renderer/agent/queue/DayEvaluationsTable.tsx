import type { DayCloseSummary } from '../../../main/contract/agent-queue-views';
import { zhCN } from '../../i18n/zh-CN';

const t = zhCN.dayClose;

/** 好差评 of the day on the 日结 screen: a row per level (非常满意 … 非常不满意) and the top reasons. */
export function DayEvaluationsTable({ evaluations }: { evaluations: DayCloseSummary['evaluations'] }) {
  if (evaluations.byLevel.length === 0) return null;
  return (
    <>
      <table class="day-table" data-testid="day-evaluation-levels">
        <caption>{t.byLevel}</caption>
        <tbody>
          {evaluations.byLevel.map((l) => (
            <tr key={l.level}>
              <th scope="row">{zhCN.rating.levels[l.level] ?? l.level}</th>
              <td>{l.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="agent-hint" data-testid="day-evaluation-reasons">
        {t.topReasons}：
        {evaluations.topReasons.length === 0
          ? t.noLowReasons
          : evaluations.topReasons.map((r) => `${r.label} ${t.evaluationCount(r.count)}`).join('，')}
      </p>
    </>
  );
}
