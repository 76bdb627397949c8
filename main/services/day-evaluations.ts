import type { DayCloseSummary } from '../contract/agent-queue-views';
import type { EvaluationReasonView } from '../contract/villager-views';
import type { Db } from '../store/database';

export type DayEvaluations = DayCloseSummary['evaluations'];

/** How many reasons the day close lists: enough to act on, short enough for the printed slip. */
export const TOP_REASONS = 3;

/** 5 = 非常满意 … 1 = 非常不满意 (protocol 1.1 §3), for the printed 日结单 and the audit summary. */
export const LEVEL_NAMES: Readonly<Record<number, string>> = {
  5: '非常满意',
  4: '满意',
  3: '一般',
  2: '不满意',
  1: '非常不满意',
};

const noEvaluations = '这一天本机没有收到好差评，所以是 0';
const someEvaluations = '这一天在本机评价的条数（按评价时间，计入办理这件业务的代办员）';

/**
 * 好差评 of a station day from the `evaluations` table (level and reason codes only, no personal
 * data). A rating counts on the China day it was given, and for an agent when it rates an
 * application that agent served; '*' counts the whole station, self-service included.
 */
export function dayEvaluations(
  db: Db,
  day: string,
  agentKey: string,
  reasons: readonly EvaluationReasonView[],
): DayEvaluations {
  const mine = agentKey === '*' ? '' : 'AND t.agent_id = ?';
  const args = agentKey === '*' ? [day] : [day, agentKey];
  const rows = db
    .prepare(
      `SELECT e.level AS level, e.reasons AS reasons FROM evaluations e
       JOIN transactions t ON t.tx_id = e.rated_tx_id
       WHERE date(e.rated_at, '+8 hours') = ? ${mine}`,
    )
    .all(...args) as { level: number; reasons: string }[];
  const perLevel = new Map<number, number>();
  const perReason = new Map<string, number>();
  for (const row of rows) {
    perLevel.set(row.level, (perLevel.get(row.level) ?? 0) + 1);
    for (const code of JSON.parse(row.reasons) as string[]) perReason.set(code, (perReason.get(code) ?? 0) + 1);
  }
  const labelOf = new Map(reasons.map((r) => [r.code, r.label]));
  const topReasons = [...perReason.entries()]
    .sort(([a, n], [b, m]) => m - n || a.localeCompare(b))
    .slice(0, TOP_REASONS)
    .map(([code, count]) => ({ code, label: labelOf.get(code) ?? code, count }));
  return {
    count: rows.length,
    note: rows.length === 0 ? noEvaluations : someEvaluations,
    byLevel: [5, 4, 3, 2, 1].map((level) => ({ level, count: perLevel.get(level) ?? 0 })),
    topReasons,
  };
}

/** One line per level and one for the reasons, for the printed 日结单. */
export function evaluationLines(e: DayEvaluations): string[] {
  const levels = e.byLevel.map((l) => `${LEVEL_NAMES[l.level] ?? l.level} ${l.count}`).join('，');
  const top = e.topReasons.map((r) => `${r.label} ${r.count}`).join('，');
  return [`好差评：共 ${e.count} 条（${levels}）`, ...(top ? [`不满意的主要原因：${top}`] : [])];
}

/** The audit entry's short form (fits its 128 characters): levels 5…1 and reason codes, nothing personal. */
export function evaluationAuditText(e: DayEvaluations): string {
  const levels = e.byLevel.map((l) => l.count).join(':');
  const top = e.topReasons.map((r) => `${r.code}:${r.count}`).join(',');
  return `n=${e.count}/l5-1=${levels}${top ? `/r=${top}` : ''}`;
}
