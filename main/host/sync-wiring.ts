import type { Logger } from 'pino';
import type { SyncStatusView } from '../contract/views';
import type { CatalogSource } from '../services/catalog-service';
import type { OutboxPort, ProgressPort } from '../services/outbox-port';
import type { Db } from '../store/database';
import type { FieldCipher } from '../store/field-cipher';
import { readBootId } from '../../sync/clock/clock';
import { createSyncEngine, type SyncEngine } from '../../sync/engine/engine';
import type { SyncStatus } from '../../sync/engine/status';
import { loadIdentity } from '../../sync/enrol/identity';
import { BUNDLES_CONFIG_KEY } from '../../sync/protocol/wire';
import type { Config } from './config';

export interface SyncWiring {
  readonly engine: SyncEngine;
  readonly outbox: OutboxPort;
  readonly progress: ProgressPort;
  /** Platform catalogue and forms once synced (null before the first sync). */
  readonly catalog: CatalogSource;
  readonly bootId: string;
  /** The platform this terminal enrolled with, or null. */
  platformUrl(): string | null;
  clockTrusted(): boolean;
  /** Platform − device clock (ms) measured this boot, or null. */
  clockOffsetMs(): number | null;
  status(): SyncStatusView;
  onStatus(listener: (s: SyncStatusView) => void): () => void;
  start(): void;
  stop(): Promise<void>;
}

/** Placeholder until a technician enrols the terminal; nothing is sent while unenrolled. */
const notConfigured = 'https://platform.not-configured.invalid';

/**
 * Connects the services to the sync engine: the outbox (written in the same SQLite transaction as
 * each application), progress that flowed back (`tx_status`), the platform's catalogue, and the
 * clock estimate that marks receipts whose time the platform has not confirmed.
 */
export function wireSync(db: Db, cipher: FieldCipher, config: Config, logger: Logger): SyncWiring {
  const bootId = readBootId();
  const engine = createSyncEngine({
    db,
    sealer: cipher,
    bootId,
    config: {
      ...config.sync.engine,
      // Outbox payloads carry the same personal data as the sealed record: one retention for both.
      ackedPayloadRetentionDays: config.retention.days,
      platformUrl: config.sync.platformUrl ?? notConfigured,
      ...(config.sync.caCertPath ? { caCertPath: config.sync.caCertPath } : {}),
      station: { regionCode: config.station.regionCode, name: config.station.name },
    },
    logger: {
      info: (obj, msg) => logger.info({ component: 'sync', ...obj }, msg),
      warn: (obj, msg) => logger.warn({ component: 'sync', ...obj }, msg),
      error: (obj, msg) => logger.error({ component: 'sync', ...obj }, msg),
    },
  });

  return {
    engine,
    outbox: { enqueue: (input) => engine.outbox.enqueue(input) },
    progress: {
      outboxState(txId) {
        const item = engine.outbox.get(txId);
        return item ? { state: item.state, serverRef: item.serverRef, code: item.code, message: item.message } : null;
      },
      txStatus(txId) {
        const s = engine.datasets.txStatus(txId);
        return s ? { status: s.status, note: s.note, serverRef: s.server_ref } : null;
      },
      txStatuses(txIds) {
        const found = engine.datasets.txStatuses(txIds);
        return new Map(
          [...found].map(([id, s]) => [id, { status: s.status, note: s.note, serverRef: s.server_ref }] as const),
        );
      },
    },
    catalog: {
      services: () => {
        const items = engine.datasets.catalog();
        return items.length > 0 ? items : null;
      },
      form: (formId) => engine.datasets.form(formId),
      bundles: () => engine.datasets.config()[BUNDLES_CONFIG_KEY] ?? null,
    },
    bootId,
    platformUrl: () => loadIdentity(db, cipher)?.platformUrl ?? null,
    clockTrusted: () => engine.status().clock.offsetMs !== null,
    clockOffsetMs: () => engine.status().clock.offsetMs,
    status: () => toView(engine.status()),
    onStatus: (listener) => engine.on('status', (s) => listener(toView(s))),
    start: () => engine.start(),
    stop: () => engine.stop(),
  };
}

const links: Record<SyncStatus['link'], SyncStatusView['link']> = {
  unenrolled: 'not_enrolled',
  unknown: 'unknown',
  up: 'up',
  down: 'down',
  unauthorized: 'unauthorized',
};

function toView(s: SyncStatus): SyncStatusView {
  return {
    link: links[s.link],
    pending: s.queue.pending,
    inflight: s.queue.inflight,
    deferred: s.queue.deferred,
    rejected: s.queue.rejected,
    acked: s.queue.acked,
    lastSuccessAt: s.lastSuccess ? (s.lastSuccess.serverTime ?? s.lastSuccess.deviceTime) : null,
    lastError: s.lastError ? s.lastError.message : null,
  };
}
