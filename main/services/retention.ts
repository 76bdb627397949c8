import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { reclaimSpace } from '../../sync/maintenance';
import type { Db } from '../store/database';
import type { AuditRecorder } from './audit-port';
import { purgeExpiredReuse } from './reuse-store';

export interface RetentionDeps {
  readonly db: Db;
  readonly audit: AuditRecorder;
  /** config `retention.days`. */
  readonly configDays: number;
  /** The platform's `config` dataset value `retention_days` (anything not a positive number is ignored). */
  readonly remoteDays: () => unknown;
  /**
   * The platform's time as this boot measured it, or null. Never the bare device clock: a
   * terminal whose clock says 2099 must not erase early.
   */
  readonly serverNow: () => number | null;
  /** Simulator receipt images (demo mode), erased by the same rule. */
  readonly receiptsDir: string | null;
}

export interface RetentionReport {
  readonly days: number;
  readonly sealedErased: number;
  readonly rowsDeleted: number;
  readonly receiptsDeleted: number;
  /** Stored earlier answers (数据最多采一次) that expired with their application. */
  readonly reuseErased: number;
  readonly freedPages: number;
}

const DAY_MS = 86_400_000;

/**
 * Personal data of a transaction is kept until the platform applied it plus the retention period;
 * then the sealed record is erased (the row keeps its masked columns for reprints and progress
 * lookups). Once the sync engine has also purged the acknowledged outbox row, progress can no
 * longer be told, and the row goes. Pending, deferred and rejected transactions are never touched.
 */
export class RetentionService {
  readonly #d: RetentionDeps;

  constructor(deps: RetentionDeps) {
    this.#d = deps;
  }

  /** The config value, lowered (never raised) by the platform. */
  days(): number {
    const remote = this.#d.remoteDays();
    const valid = typeof remote === 'number' && Number.isFinite(remote) && remote > 0;
    return valid ? Math.min(this.#d.configDays, remote) : this.#d.configDays;
  }

  run(): RetentionReport {
    const { db } = this.#d;
    const days = this.days();
    const now = this.#d.serverNow() ?? newestAck(db);
    let sealedErased = 0;
    let rowsDeleted = 0;
    let receiptsDeleted = 0;
    let reuseErased = 0;
    if (now !== null) {
      const before = new Date(now - days * DAY_MS).toISOString();
      db.transaction(() => {
        sealedErased = db
          .prepare(
            `UPDATE transactions SET sealed_record = X'' WHERE length(sealed_record) > 0 AND tx_id IN
             (SELECT tx_id FROM sync_outbox WHERE state = 'acked' AND acked_server_time < ?)`,
          )
          .run(before).changes;
        // The outbox row of an acknowledged item goes only after its own (longer) retention.
        rowsDeleted = db
          .prepare(
            `DELETE FROM transactions WHERE length(sealed_record) = 0
             AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.tx_id = transactions.tx_id)`,
          )
          .run().changes;
        // A rating (no personal data) goes with its application once its own outbox row is gone too.
        db.prepare(
          `DELETE FROM evaluations WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE t.tx_id = evaluations.rated_tx_id)
           AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.tx_id = evaluations.evaluation_tx_id)`,
        ).run();
        reuseErased = purgeExpiredReuse(db, before);
        if (sealedErased + rowsDeleted + reuseErased > 0) {
          this.#d.audit.record({
            actor: { role: 'system', id: 'retention' },
            action: 'data.retention',
            object: `erased=${sealedErased};deleted=${rowsDeleted};days=${days};reuse=${reuseErased}`,
            result: 'ok',
          });
        }
      })();
      if (this.#d.receiptsDir) receiptsDeleted = deleteOlderFiles(this.#d.receiptsDir, now - days * DAY_MS);
    }
    const { freedPages } = reclaimSpace(db);
    return { days, sealedErased, rowsDeleted, receiptsDeleted, reuseErased, freedPages };
  }
}

function newestAck(db: Db): number | null {
  const row = db.prepare("SELECT MAX(acked_server_time) AS t FROM sync_outbox WHERE state = 'acked'").get() as {
    t: string | null;
  };
  const t = row.t ? Date.parse(row.t) : NaN;
  return Number.isFinite(t) ? t : null;
}

function deleteOlderFiles(dir: string, beforeMs: number): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let n = 0;
  for (const name of names) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isFile() && st.mtimeMs < beforeMs) {
      rmSync(path, { force: true });
      n += 1;
    }
  }
  return n;
}
