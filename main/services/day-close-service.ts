import { createHash } from 'node:crypto';
import type { ReceiptData } from '../../drivers/printer/receipt-data';
import { chinaStamp } from '../../rules/clock';
import { dayCloseSummarySchema, type DayCloseScope, type DayCloseSummary } from '../contract/agent-queue-views';
import { success, type ApiResult } from '../contract/result';
import type { PrintOutcome } from '../contract/views';
import { canonicalJson } from '../../sync/outbox/canonical';
import type { Db } from '../store/database';
import type { AgentActor } from './agent-actor';
import type { EvaluationReasonView } from '../contract/villager-views';
import type { AuditRecorder } from './audit-port';
import { dayEvaluations, evaluationAuditText, evaluationLines } from './day-evaluations';
import type { StationInfo } from './receipt-builder';

export interface DayCloseDeps {
  readonly db: Db;
  readonly audit: AuditRecorder;
  readonly station: StationInfo;
  readonly printSummary: (receipt: ReceiptData) => Promise<PrintOutcome>;
  /** The catalogue's reason words for low ratings (codes are what the table keeps). */
  readonly reasons: () => readonly EvaluationReasonView[];
  readonly now?: () => Date;
}

const stateNames: Record<string, string> = {
  saved_offline: '已保存未上报',
  sending: '正在上报',
  accepted: '平台已受理',
  in_progress: '正在办理',
  needs_more: '需要补材料',
  completed: '已办结',
  refused: '不予受理',
  rejected: '被退回',
};

/**
 * 日结: per day and per agent (or the whole station), applications by service and state,
 * evaluations (好差评), backlog and the oldest item not yet sent. Closing stores the summary, makes
 * it an audit entry (its SHA-256 in the chained entry) and prints it; from then on the database
 * refuses any new application on that day for that agent (trigger transactions_refuse_closed_day).
 */
export class DayCloseService {
  readonly #d: DayCloseDeps;

  constructor(deps: DayCloseDeps) {
    this.#d = deps;
  }

  summary(agent: AgentActor, day: string, scope: DayCloseScope): ApiResult<DayCloseSummary> {
    const agentKey = scope === 'station' ? '*' : agent.id;
    const stored = this.#d.db
      .prepare('SELECT summary FROM day_closes WHERE day = ? AND agent_key = ?')
      .get(day, agentKey) as { summary: string } | undefined;
    // Parsed, not cast: a day closed before the per-level figures existed reads with empty lists.
    if (stored) return success(dayCloseSummarySchema.parse(JSON.parse(stored.summary)));
    return success(this.#compute(day, agentKey));
  }

  /** Closes the day once; a second close answers the stored summary and prints it again. */
  async close(
    agent: AgentActor,
    day: string,
    scope: DayCloseScope,
  ): Promise<ApiResult<{ summary: DayCloseSummary; print: PrintOutcome }>> {
    const d = this.#d;
    const agentKey = scope === 'station' ? '*' : agent.id;
    const closedAt = (d.now ?? (() => new Date()))().toISOString();
    const summary = d.db.transaction((): DayCloseSummary | null => {
      const stored = d.db
        .prepare('SELECT summary FROM day_closes WHERE day = ? AND agent_key = ?')
        .get(day, agentKey) as { summary: string } | undefined;
      if (stored) return null;
      const open = this.#compute(day, agentKey);
      const body = canonicalJson({ ...open, closed: null });
      const sha = createHash('sha256').update(body, 'utf8').digest('hex');
      const closed: DayCloseSummary = { ...open, closed: { closedAt, summarySha256: sha } };
      d.db
        .prepare('INSERT INTO day_closes (day, agent_key, closed_at, summary, summary_sha256) VALUES (?, ?, ?, ?, ?)')
        .run(day, agentKey, closedAt, JSON.stringify(closed), sha);
      d.audit.record({
        actor: { role: 'agent', id: agent.id },
        action: 'day.close',
        object: `${day}/${agentKey}/n=${open.total}/backlog=${open.backlog.count}/sha256=${sha.slice(0, 32)}`,
        result: 'ok',
      });
      d.audit.record({
        actor: { role: 'agent', id: agent.id },
        action: 'day.close.evaluations',
        object: `${day}/${agentKey}/${evaluationAuditText(open.evaluations)}`.slice(0, 128),
        result: 'ok',
      });
      return closed;
    })();
    const final = summary ?? (this.summary(agent, day, scope) as { ok: true; value: DayCloseSummary }).value;
    if (!summary) {
      d.audit.record({
        actor: { role: 'agent', id: agent.id },
        action: 'day.close',
        object: `${day}/${agentKey}`,
        result: 'already_closed',
      });
    }
    const print = await d.printSummary(this.#receipt(agent, final));
    return success({ summary: final, print });
  }

  #compute(day: string, agentKey: string): DayCloseSummary {
    const db = this.#d.db;
    const scope = agentKey === '*' ? '' : 'AND agent_id = ?';
    const args = agentKey === '*' ? [day] : [day, agentKey];
    const groups = db
      .prepare(
        `SELECT service_code, queue_state, COUNT(*) AS n
         FROM transactions WHERE day = ? ${scope} GROUP BY service_code, queue_state ORDER BY service_code`,
      )
      .all(...args) as { service_code: string; queue_state: string; n: number }[];
    const nameOf = db.prepare(
      'SELECT service_name FROM transactions WHERE service_code = ? ORDER BY created_at DESC LIMIT 1',
    );
    const byService = new Map<string, DayCloseSummary['byService'][number]>();
    const byState: Record<string, number> = {};
    let total = 0;
    for (const g of groups) {
      const s = byService.get(g.service_code) ?? {
        serviceCode: g.service_code,
        serviceName: (nameOf.get(g.service_code) as { service_name: string }).service_name,
        total: 0,
        byState: {},
      };
      s.total += g.n;
      s.byState[g.queue_state] = g.n;
      byService.set(g.service_code, s);
      byState[g.queue_state] = (byState[g.queue_state] ?? 0) + g.n;
      total += g.n;
    }
    const perHour = new Array<number>(24).fill(0);
    const hours = db
      .prepare(
        `SELECT CAST(strftime('%H', created_at, '+8 hours') AS INTEGER) AS h, COUNT(*) AS n
         FROM transactions WHERE day = ? ${scope} GROUP BY h`,
      )
      .all(...args) as { h: number; n: number }[];
    for (const h of hours) perHour[h.h] = h.n;
    const unsent = `queue_state IN ('saved_offline', 'sending') ${agentKey === '*' ? '' : 'AND agent_id = ?'}`;
    const unsentArgs = agentKey === '*' ? [] : [agentKey];
    const backlog = (
      db.prepare(`SELECT COUNT(*) AS n FROM transactions WHERE ${unsent}`).get(...unsentArgs) as {
        n: number;
      }
    ).n;
    const oldest = db
      .prepare(`SELECT local_number, created_at FROM transactions WHERE ${unsent} ORDER BY created_at LIMIT 1`)
      .get(...unsentArgs) as { local_number: string; created_at: string } | undefined;
    return {
      day,
      agentKey,
      total,
      byService: [...byService.values()],
      byState,
      perHour,
      evaluations: dayEvaluations(db, day, agentKey, this.#d.reasons()),
      backlog: {
        count: backlog,
        oldest: oldest ? { localNumber: oldest.local_number, createdAt: oldest.created_at } : null,
      },
      closed: null,
    };
  }

  #receipt(agent: AgentActor, s: DayCloseSummary): ReceiptData {
    const states = Object.entries(s.byState).map(([state, n]) => `${stateNames[state] ?? state}：${n} 件`);
    const services = s.byService.map((v) => `${v.serviceName}：${v.total} 件`);
    const oldest = s.backlog.oldest ? `最早未上报：${s.backlog.oldest.localNumber}` : '没有未上报的业务';
    return {
      title: '日结汇总',
      stationName: this.#d.station.name,
      serviceName: `${s.day} ${s.agentKey === '*' ? '全站' : '本人'}共 ${s.total} 件`,
      localNumber: '',
      platformNumber: null,
      maskedIdNumber: '',
      maskedName: '',
      time: s.closed ? chinaStamp(s.closed.closedAt) : '',
      clockTrusted: true,
      qrContent: `CZRJ:${s.day}:${s.agentKey}:${s.closed?.summarySha256.slice(0, 32) ?? 'open'}`,
      agentName: agent.maskedName,
      hotline: this.#d.station.hotline,
      ratingInvitation: '',
      reprint: false,
      notes: summaryNotes(services, states, evaluationLines(s.evaluations), `待上报：${s.backlog.count} 件，${oldest}`),
    };
  }
}

/** The receipt layout prints at most this many notes (drivers/printer/receipt-layout.ts). */
const PRINTED_NOTES = 10;

/**
 * States on one line, then 好差评 and 待上报 (never cut), then one line per service; services that
 * do not fit are summed on a last line (the screen and the stored summary keep every figure).
 */
function summaryNotes(services: string[], states: string[], evaluations: string[], backlog: string): string[] {
  const fixed = [...(states.length > 0 ? [`按状态：${states.join('，')}`] : []), ...evaluations, backlog];
  const room = PRINTED_NOTES - fixed.length;
  if (services.length <= room) return [...services, ...fixed];
  const shown = services.slice(0, room - 1);
  return [...shown, `其他 ${services.length - shown.length} 项业务见屏幕上的日结`, ...fixed];
}
