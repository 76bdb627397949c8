import { failure, success, type ApiResult } from '../contract/result';
import type { MyApplicationView } from '../contract/villager-views';
import type { Db } from '../store/database';
import type { LookupHasher } from '../store/field-cipher';
import type { ProgressPort } from './outbox-port';
import { prefetchedProgress, progressState } from './progress-status';
import type { SessionService } from './session-service';

export interface MyApplicationsDeps {
  readonly db: Db;
  readonly hasher: LookupHasher;
  readonly sessions: SessionService;
  readonly progress: ProgressPort;
  readonly ratedAmong: (txIds: readonly string[]) => Set<string>;
}

/** One of the card holder's applications, with the tx id the host needs and the page never sees. */
export interface OwnApplication extends MyApplicationView {
  readonly txId: string;
}

interface Row {
  tx_id: string;
  local_number: string;
  service_name: string;
  created_at: string;
}

/**
 * 我的办件: the applications the card in the reader made at this station, found by the keyed hash
 * of its ID number (the `transactions_id_hash` index; the number itself is never stored or
 * compared in the clear). Only the card holder is ever answered, so the platform's note is shown.
 */
export class MyApplicationsService {
  constructor(private readonly d: MyApplicationsDeps) {}

  list(): ApiResult<{ applications: MyApplicationView[] }> {
    const own = this.forCurrentCard();
    if (own === null) return failure('no_session', '请先把身份证放在读卡区，再查看我的办件');
    return success({ applications: own.map(({ txId: _txId, ...view }) => view) });
  }

  /** Newest first; null without a card in the reader. */
  forCurrentCard(): OwnApplication[] | null {
    const card = this.d.sessions.current?.identity;
    if (!card) return null;
    const rows = this.d.db
      .prepare(
        'SELECT tx_id, local_number, service_name, created_at FROM transactions WHERE id_hash = ? ORDER BY created_at DESC, local_number',
      )
      .all(this.d.hasher.hash(card.idNumber)) as Row[];
    const txIds = rows.map((r) => r.tx_id);
    const rated = this.d.ratedAmong(txIds);
    const progress = prefetchedProgress(this.d.progress, txIds);
    return rows.map((r) => {
      const state = progressState(progress, r.tx_id);
      return {
        txId: r.tx_id,
        localNumber: r.local_number,
        serviceName: r.service_name,
        savedAt: r.created_at,
        status: state.status,
        note: state.note,
        rated: rated.has(r.tx_id),
      };
    });
  }
}
