import type { QueueCursor, QueueItem, QueuePage, QueueQuery } from '../contract/agent-queue-views';
import { failure, success, type ApiResult } from '../contract/result';
import type { TxProgressStatus } from '../contract/views';
import type { Db } from '../store/database';
import type { LookupHasher } from '../store/field-cipher';
import { parseReceiptNumber } from '../../rules/receipt-number';
import type { AgentActor } from './agent-actor';
import type { AuditRecorder } from './audit-port';
import type { CatalogService } from './catalog-service';
import type { ProgressPort } from './outbox-port';
import { rejectionReason } from './rejection-reason';
import type { SessionService } from './session-service';

export interface QueueDeps {
  readonly db: Db;
  readonly hasher: LookupHasher;
  readonly sessions: SessionService;
  readonly progress: ProgressPort;
  readonly catalog: CatalogService;
  readonly audit: AuditRecorder;
}

interface QueueRow {
  tx_id: string;
  local_number: string;
  service_code: string;
  service_name: string;
  form_id: string;
  queue_state: TxProgressStatus;
  created_at: string;
  day: string;
  agent_id: string | null;
  agent_name: string | null;
  id_hash: Uint8Array;
  masked_id: string;
  masked_name: string;
  supersedes: string | null;
  supplements: string | null;
  corrected_by: string | null;
  reprints: number;
}

const pageSize = 20;

/**
 * The station's applications for the agent: newest first, filtered by state, service, day and
 * agent, found by receipt number or by the card on the reader (keyed hash, never a typed name).
 * Names and ID numbers stay masked, except for the villager whose own card is on the reader;
 * each such unmasked row is an audit entry.
 */
export class QueueService {
  readonly #d: QueueDeps;
  /** Views already audited in the current card session (agent id, session id, tx id): a live refresh of the same page is not a new view. */
  #audited = { session: '', seen: new Set<string>() };

  constructor(deps: QueueDeps) {
    this.#d = deps;
  }

  list(agent: AgentActor, query: QueueQuery): ApiResult<QueuePage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (query.state) add('t.queue_state = ?', query.state);
    if (query.serviceCode) add('t.service_code = ?', query.serviceCode);
    if (query.day) add('t.day = ?', query.day);
    if (query.agentId) add('t.agent_id = ?', query.agentId);
    if (query.receiptNumber) {
      const parsed = parseReceiptNumber(query.receiptNumber);
      if (!parsed.ok) return failure(parsed.error.code, parsed.error.message);
      add('t.local_number = ?', parsed.value.number);
    }
    const card = this.#d.sessions.current?.identity ?? null;
    const cardHash = card ? this.#d.hasher.hash(card.idNumber) : null;
    if (query.byCard) {
      if (!cardHash) return failure('no_session', '请让村民把身份证放在读卡器上，再按身份证查找');
      add('t.id_hash = ?', cardHash);
    }
    if (query.before) {
      const { createdAt, txId } = query.before;
      add('(t.created_at < ? OR (t.created_at = ? AND t.tx_id < ?))', createdAt, createdAt, txId);
    }
    const limit = query.limit ?? pageSize;
    const rows = this.#d.db
      .prepare(
        `SELECT t.tx_id, t.local_number, t.service_code, t.service_name, t.form_id, t.queue_state, t.created_at, t.day,
                t.agent_id, t.agent_name, t.id_hash, t.masked_id, t.masked_name, t.supersedes, t.supplements, t.reprints,
                (SELECT c.tx_id FROM transactions c WHERE c.supersedes = t.tx_id LIMIT 1) AS corrected_by
         FROM transactions t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY t.created_at DESC, t.tx_id DESC LIMIT ?`,
      )
      .all(...params, limit + 1) as QueueRow[];
    const page = rows.slice(0, limit);
    const items = page.map((row) => this.#item(row, cardHash, card));
    const session = this.#d.sessions.current?.id ?? '';
    if (this.#audited.session !== session) this.#audited = { session, seen: new Set() };
    const fresh = items.filter((i) => i.unmasked && !this.#audited.seen.has(`${agent.id}/${i.txId}`));
    // One commit for all the entries of this page: each row first shown unmasked in this card session is an entry.
    if (fresh.length > 0)
      this.#d.db.transaction(() => {
        for (const item of fresh) {
          this.#d.audit.record({
            actor: { role: 'agent', id: agent.id },
            action: 'person.view_unmasked',
            object: item.txId,
            result: 'ok',
          });
        }
      })();
    for (const item of fresh) this.#audited.seen.add(`${agent.id}/${item.txId}`);
    const last = page.at(-1);
    const next: QueueCursor | null =
      rows.length > limit && last ? { createdAt: last.created_at, txId: last.tx_id } : null;
    return success({ items, next });
  }

  #item(row: QueueRow, cardHash: Buffer | null, card: { name: string; idNumber: string } | null): QueueItem {
    const own = card !== null && cardHash !== null && cardHash.equals(Buffer.from(row.id_hash));
    const out = this.#d.progress.outboxState(row.tx_id);
    const flowed = this.#d.progress.txStatus(row.tx_id);
    let reason: string | null = flowed?.note ?? null;
    if (row.queue_state === 'rejected') {
      const service = this.#d.catalog.service(row.service_code);
      const form = this.#d.catalog.form(service?.form_id ?? row.form_id);
      reason = rejectionReason(out?.code ?? null, out?.message ?? null, form);
    }
    return {
      txId: row.tx_id,
      localNumber: row.local_number,
      serviceCode: row.service_code,
      serviceName: row.service_name,
      state: row.queue_state,
      createdAt: row.created_at,
      day: row.day,
      agentId: row.agent_id,
      agentName: row.agent_name,
      name: own ? card.name : row.masked_name,
      idNumber: own ? card.idNumber : row.masked_id,
      unmasked: own,
      platformNumber: flowed?.serverRef ?? out?.serverRef ?? null,
      reason,
      supersedes: row.supersedes,
      supplements: row.supplements,
      correctedBy: row.corrected_by,
      reprints: row.reprints,
    };
  }
}
