import { platformTime } from '../../rules/clock';
import type { ProgressPushed } from '../contract/villager-views';
import type { CatalogService } from '../services/catalog-service';
import { evaluationReasons } from '../services/evaluation-reasons';
import { EvaluationService } from '../services/evaluation-service';
import { MyApplicationsService } from '../services/my-applications';
import { ProgressWatch } from '../services/progress-watch';
import type { SessionService } from '../services/session-service';
import type { TransactionService } from '../services/transaction-service';
import type { Db } from '../store/database';
import type { LookupHasher } from '../store/field-cipher';
import { EVALUATION_REASONS_CONFIG_KEY } from '../../sync/protocol/wire';
import type { SyncWiring } from './sync-wiring';

export interface VillagerRecordsDeps {
  readonly db: Db;
  readonly hasher: LookupHasher;
  readonly sessions: SessionService;
  readonly catalog: CatalogService;
  readonly sync: SyncWiring;
  readonly transactions: TransactionService;
  readonly publish: (pushed: ProgressPushed) => void;
}

/**
 * 好差评, 我的办件 and the progress push (issue #12 items 1, 3, 7): built from the services the
 * host already has, and the push hooked to card changes and to `tx_status` arriving.
 */
export function wireVillagerRecords(d: VillagerRecordsDeps): {
  evaluations: EvaluationService;
  myApplications: MyApplicationsService;
} {
  const evaluations = new EvaluationService({
    db: d.db,
    outbox: d.sync.outbox,
    reasons: () =>
      evaluationReasons(
        d.sync.engine.datasets.config()[EVALUATION_REASONS_CONFIG_KEY],
        d.catalog.seedEvaluationReasons(),
      ),
    locate: (localNumber, connectionId) => d.transactions.locate(localNumber, connectionId),
    now: () => new Date(platformTime(Date.now(), d.sync.clockOffsetMs())),
  });
  const myApplications = new MyApplicationsService({
    db: d.db,
    hasher: d.hasher,
    sessions: d.sessions,
    progress: d.sync.progress,
    ratedAmong: (txIds) => evaluations.ratedAmong(txIds),
  });
  const watch = new ProgressWatch({
    ownApplications: () => myApplications.forCurrentCard(),
    publish: d.publish,
  });
  d.sessions.onChange(() => watch.sessionChanged());
  d.sync.engine.datasets.onChanged((e) => {
    if (e.datasets.includes('tx_status')) watch.statusesChanged();
  });
  return { evaluations, myApplications };
}
