import type { ReceiptPrinter } from '../../drivers/printer/receipt-printer';
import { failure } from '../contract/result';
import type { AgentActor, AgentGate } from '../services/agent-actor';
import { AgentReceipts } from '../services/agent-receipts';
import type { AuditRecorder } from '../services/audit-port';
import type { CatalogService } from '../services/catalog-service';
import { CorrectionService } from '../services/correction-service';
import { EVALUATION_REASONS_CONFIG_KEY } from '../../sync/protocol/wire';
import { DayCloseService } from '../services/day-close-service';
import { evaluationReasons } from '../services/evaluation-reasons';
import { QueueService } from '../services/queue-service';
import { QueueStateIndexer } from '../services/queue-state-indexer';
import type { StationInfo } from '../services/receipt-builder';
import type { SessionService } from '../services/session-service';
import type { Db } from '../store/database';
import type { FieldCipher, LookupHasher } from '../store/field-cipher';
import type { Handlers } from './dispatcher';
import type { EventBus } from './event-bus';
import type { SyncWiring } from './sync-wiring';

export type AgentQueueMethod =
  | 'queue.list'
  | 'queue.reprint'
  | 'correction.open'
  | 'correction.resubmit'
  | 'correction.supplement'
  | 'dayclose.summary'
  | 'dayclose.close';

export interface AgentQueueWiring {
  readonly handlers: Pick<Handlers, AgentQueueMethod>;
  readonly indexer: QueueStateIndexer;
  /** Copies platform progress and announces moved rows on `queue.changed`. */
  refresh(): void;
  stop(): void;
}

export interface AgentQueueDeps {
  readonly db: Db;
  readonly cipher: FieldCipher;
  readonly hasher: LookupHasher;
  readonly sessions: SessionService;
  readonly catalog: CatalogService;
  readonly sync: SyncWiring;
  readonly printer: ReceiptPrinter;
  readonly audit: AuditRecorder;
  readonly station: StationInfo;
  readonly bus: EventBus;
  readonly agents: AgentGate;
}

const notSignedIn = () => failure('agent_required', '请代办员先登录');

/**
 * The agent's queue, corrections, reprint and day close, wired to the sync engine: the queue
 * state index is refreshed when a sync round or a dataset download finishes and after each local
 * save, and every moved row is announced on `queue.changed` (screens never poll).
 */
export function wireAgentQueue(d: AgentQueueDeps): AgentQueueWiring {
  const indexer = new QueueStateIndexer(d.db, d.sync.progress);
  const refresh = () => {
    if (!d.db.open) return;
    const changed = indexer.refresh();
    if (changed.changes.length > 0) d.bus.publish('queue.changed', changed);
  };
  const receipts = new AgentReceipts({
    db: d.db,
    printer: d.printer,
    progress: d.sync.progress,
    audit: d.audit,
    station: d.station,
  });
  const queue = new QueueService({
    db: d.db,
    hasher: d.hasher,
    sessions: d.sessions,
    progress: d.sync.progress,
    catalog: d.catalog,
    audit: d.audit,
  });
  const corrections = new CorrectionService({
    db: d.db,
    cipher: d.cipher,
    catalog: d.catalog,
    outbox: { enqueue: (input) => d.sync.engine.outbox.enqueue(input) },
    progress: d.sync.progress,
    audit: d.audit,
    bootId: d.sync.bootId,
    clockTrusted: () => d.sync.clockTrusted(),
    clockOffsetMs: () => d.sync.clockOffsetMs(),
    onSaved: refresh,
    print: (agent, txId) => receipts.print(agent, txId, false),
  });
  const dayClose = new DayCloseService({
    db: d.db,
    audit: d.audit,
    station: d.station,
    printSummary: (receipt) => receipts.printSummary(receipt),
    reasons: () =>
      evaluationReasons(
        d.sync.engine.datasets.config()[EVALUATION_REASONS_CONFIG_KEY],
        d.catalog.seedEvaluationReasons(),
      ),
  });

  const offStatus = d.sync.onStatus(refresh);
  const offDatasets = d.sync.engine.datasets.onChanged(refresh);

  const as =
    <A, R>(run: (agent: AgentActor, args: A) => R) =>
    (args: A, caller: { connectionId: string }) => {
      const agent = d.agents.current(caller.connectionId);
      return agent ? run(agent, args) : notSignedIn();
    };

  return {
    indexer,
    refresh,
    stop() {
      offStatus();
      offDatasets();
    },
    handlers: {
      'queue.list': as((agent, args) => queue.list(agent, args)),
      'queue.reprint': as((agent, { txId }) => receipts.print(agent, txId, true)),
      'correction.open': as((agent, { txId }) => corrections.open(agent, txId)),
      'correction.resubmit': as((agent, args) => corrections.resubmit(agent, args)),
      'correction.supplement': as((agent, args) =>
        corrections.supplement(agent, {
          txId: args.txId,
          requestId: args.requestId,
          documents: [{ mime: args.mime, data: Buffer.from(args.dataBase64, 'base64') }],
        }),
      ),
      'dayclose.summary': as((agent, { day, scope }) => dayClose.summary(agent, day, scope)),
      'dayclose.close': as((agent, { day, scope }) => dayClose.close(agent, day, scope)),
    },
  };
}
