import type { Db } from '../store/database';
import type { FieldCipher } from '../store/field-cipher';
import { ClockOffset } from '../../sync/clock/offset';
import { readBootId, systemClocks } from '../../sync/clock/clock';
import { OutboxStore } from '../../sync/outbox/outbox-store';
import type { OutboxPort, ProgressPort } from '../services/outbox-port';
import type { SyncStatusView } from '../contract/views';

export interface SyncWiring {
  readonly outbox: OutboxPort;
  readonly progress: ProgressPort;
  readonly bootId: string;
  clockTrusted(): boolean;
  status(): SyncStatusView;
  onStatus(listener: (s: SyncStatusView) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Connects the services to the sync engine's outbox and clock. Until the terminal is enrolled
 * with a platform nothing is sent: transactions wait safely in the outbox.
 */
export function wireSync(db: Db, cipher: FieldCipher): SyncWiring {
  const bootId = readBootId();
  const clock = new ClockOffset(db, systemClocks, bootId);
  const listeners = new Set<(s: SyncStatusView) => void>();
  const store = new OutboxStore({
    db, sealer: cipher, clocks: systemClocks, bootId, clockEstimate: () => clock.estimate(),
    onChange: () => {
      const s = status();
      for (const l of listeners) l(s);
    },
  });
  store.recoverInflight();

  const status = (): SyncStatusView => {
    const c = store.counts();
    return {
      link: 'not_enrolled', pending: c.pending, inflight: c.inflight, deferred: c.deferred, rejected: c.rejected,
      acked: c.acked, lastSuccessAt: null, lastError: null,
    };
  };

  return {
    outbox: { enqueue: (input) => store.enqueue(input) },
    progress: {
      outboxState(txId) {
        const item = store.get(txId);
        return item ? { state: item.state, serverRef: item.serverRef, code: item.code, message: item.message } : null;
      },
      txStatus: () => null,
    },
    bootId,
    clockTrusted: () => clock.estimate().offsetMs !== null,
    status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {},
    async stop() {},
  };
}
