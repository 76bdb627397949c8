import type { QueueChanged } from '../contract/agent-queue-views';
import type { TxProgressStatus } from '../contract/views';
import type { Db } from '../store/database';
import type { ProgressPort } from './outbox-port';

/**
 * Keeps `transactions.queue_state` filterable and tells the screens what moved. Outbox moves are
 * copied by trigger (migration agent-queue); the platform's progress arrives sealed, so the rows a
 * trigger marked `platform_dirty` are opened here. Run after each sync round and after local saves:
 * the screens hear of changes by event, they never poll.
 */
export class QueueStateIndexer {
  readonly #db: Db;
  readonly #progress: ProgressPort;
  #announcedRev: number;

  constructor(db: Db, progress: ProgressPort) {
    this.#db = db;
    this.#progress = progress;
    this.#announcedRev = this.#maxRev();
  }

  /** Copies the platform's progress of dirty rows, then returns every row changed since the last call. */
  refresh(): QueueChanged {
    const db = this.#db;
    const dirty = db.prepare('SELECT tx_id FROM transactions WHERE platform_dirty = 1').all() as { tx_id: string }[];
    if (dirty.length > 0) {
      const apply = db.prepare(
        `UPDATE transactions SET platform_status = ?, queue_state = COALESCE(?, queue_state), platform_dirty = 0,
           queue_rev = (SELECT COALESCE(MAX(queue_rev), 0) + 1 FROM transactions)
         WHERE tx_id = ?`,
      );
      db.transaction(() => {
        for (const { tx_id } of dirty) {
          const status: TxProgressStatus | null = this.#progress.txStatus(tx_id)?.status ?? null;
          apply.run(status, status, tx_id);
        }
      })();
    }
    const changed = db
      .prepare('SELECT tx_id, queue_state FROM transactions WHERE queue_rev > ? ORDER BY queue_rev')
      .all(this.#announcedRev) as { tx_id: string; queue_state: TxProgressStatus }[];
    this.#announcedRev = this.#maxRev();
    return { changes: changed.map((r) => ({ txId: r.tx_id, state: r.queue_state })) };
  }

  #maxRev(): number {
    return (this.#db.prepare('SELECT COALESCE(MAX(queue_rev), 0) AS rev FROM transactions').get() as { rev: number })
      .rev;
  }
}
