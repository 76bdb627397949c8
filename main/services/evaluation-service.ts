import { randomUUID } from 'node:crypto';
import { failure, success, type ApiResult } from '../contract/result';
import {
  REASON_REQUIRED_AT_OR_BELOW,
  type EvaluationReasonView,
  type EvaluationView,
} from '../contract/villager-views';
import type { Db } from '../store/database';
import type { OutboxPort } from './outbox-port';

export interface EvaluationDeps {
  readonly db: Db;
  readonly outbox: OutboxPort;
  /** The catalogue's reason codes for low ratings. */
  readonly reasons: () => EvaluationReasonView[];
  /** The application behind a receipt number, under the progress page's rules and limits. */
  readonly locate: (localNumber: string, connectionId: string) => ApiResult<{ txId: string; detailsShown: boolean }>;
  /** The platform's time where known (the rating's date is shown back to the villager). */
  readonly now: () => Date;
}

interface EvaluationRow {
  level: number;
  reasons: string;
  rated_at: string;
}

const cardRequired = '这张凭条的编号是旧式的，请先刷本人身份证，再评价';

/**
 * 好差评 on the terminal: one rating per application, saved with its `evaluation` outbox item in
 * one SQLite transaction (protocol 1.1 §3: `depends_on` the rated application). A second try
 * answers the first rating instead of queueing one the platform would refuse. Rating one member
 * of a bundle rates every member: the villager lived one 一件事, and each platform department
 * receives the rating of its own application.
 */
export class EvaluationService {
  constructor(private readonly d: EvaluationDeps) {}

  reasons(): EvaluationReasonView[] {
    return this.d.reasons();
  }

  get(localNumber: string, connectionId: string): ApiResult<{ rating: EvaluationView | null }> {
    const found = this.#rateable(localNumber, connectionId);
    if (!found.ok) return found;
    return success({ rating: this.#find(found.value) });
  }

  submit(
    args: { localNumber: string; level: number; reasons: string[] },
    connectionId: string,
  ): ApiResult<{ rating: EvaluationView; alreadyRated: boolean }> {
    const found = this.#rateable(args.localNumber, connectionId);
    if (!found.ok) return found;
    const ratedTxId = found.value;
    const earlier = this.#find(ratedTxId);
    if (earlier) return success({ rating: earlier, alreadyRated: true });

    const known = new Set(this.d.reasons().map((r) => r.code));
    const reasons = [...new Set(args.reasons)];
    if (reasons.some((r) => !known.has(r))) return failure('validation_failed', '这个原因不在列表里，请重新选择');
    if (args.level <= REASON_REQUIRED_AT_OR_BELOW && reasons.length === 0) {
      return failure('validation_failed', '请选一个不满意的原因，再点提交评价');
    }
    const rating: EvaluationView = { level: args.level, reasons, ratedAt: this.d.now().toISOString() };
    const saved = this.d.db.transaction((): { rating: EvaluationView; alreadyRated: boolean } => {
      // Two taps racing: the second one finds the first inside the same write lock.
      const raced = this.#find(ratedTxId);
      if (raced) return { rating: raced, alreadyRated: true };
      // One rating for a life event (一件事): every member application gets its own item, each
      // depending on its member, all in this one transaction (a member rated earlier keeps its own).
      for (const memberTxId of this.#members(ratedTxId)) {
        if (memberTxId !== ratedTxId && this.#find(memberTxId)) continue;
        this.#save(memberTxId, rating);
      }
      return { rating, alreadyRated: false };
    })();
    return success(saved);
  }

  /** Which applications already carry a rating (for 我的办件). */
  ratedAmong(txIds: readonly string[]): Set<string> {
    const one = this.d.db.prepare('SELECT 1 FROM evaluations WHERE rated_tx_id = ?');
    return new Set(txIds.filter((id) => one.get(id) !== undefined));
  }

  /** The rated application and, when it belongs to a bundle, every other member (receipt order). */
  #members(txId: string): string[] {
    const rows = this.d.db
      .prepare(
        `SELECT m.tx_id FROM transactions t JOIN transactions m ON m.bundle_id = t.bundle_id
         WHERE t.tx_id = ? AND t.bundle_id IS NOT NULL ORDER BY m.rowid`,
      )
      .all(txId) as { tx_id: string }[];
    return rows.length > 0 ? rows.map((r) => r.tx_id) : [txId];
  }

  #save(ratedTxId: string, rating: EvaluationView): void {
    const evaluationTxId = randomUUID();
    this.d.db
      .prepare(
        'INSERT INTO evaluations (rated_tx_id, evaluation_tx_id, level, reasons, rated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(ratedTxId, evaluationTxId, rating.level, JSON.stringify(rating.reasons), rating.ratedAt);
    this.d.outbox.enqueue({
      txId: evaluationTxId,
      kind: 'evaluation',
      serviceCode: null,
      catalogVersion: null,
      payload: { level: rating.level, reasons: rating.reasons, channel: 'self' },
      attachments: [],
      dependsOn: ratedTxId,
    });
  }

  #rateable(localNumber: string, connectionId: string): ApiResult<string> {
    const found = this.d.locate(localNumber, connectionId);
    if (!found.ok) return found;
    if (!found.value.detailsShown) return failure('card_required', cardRequired);
    return success(found.value.txId);
  }

  #find(ratedTxId: string): EvaluationView | null {
    const row = this.d.db
      .prepare('SELECT level, reasons, rated_at FROM evaluations WHERE rated_tx_id = ?')
      .get(ratedTxId) as EvaluationRow | undefined;
    return row ? { level: row.level, reasons: JSON.parse(row.reasons) as string[], ratedAt: row.rated_at } : null;
  }
}
