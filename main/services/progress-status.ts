import type { ProgressView } from '../contract/views';
import type { ProgressPort } from './outbox-port';

export interface ProgressState {
  readonly status: ProgressView['status'];
  /** The platform's note (or the reason it refused the item); personal: only for the card holder. */
  readonly note: string | null;
  readonly platformNumber: string | null;
}

/**
 * A port that answers `txStatus` for these transactions from one batched read (when the sync side
 * offers one), so a list of hundreds costs one query instead of hundreds.
 */
export function prefetchedProgress(progress: ProgressPort, txIds: readonly string[]): ProgressPort {
  const statuses = progress.txStatuses?.(txIds);
  if (!statuses) return progress;
  return {
    outboxState: (txId) => progress.outboxState(txId),
    txStatus: (txId) => statuses.get(txId) ?? null,
  };
}

/**
 * Where an application stands: the platform's `tx_status` when one flowed back, else the state of
 * its outbox item. One home for this rule: the progress page, 我的办件 and the progress push.
 */
export function progressState(progress: ProgressPort, txId: string): ProgressState {
  const out = progress.outboxState(txId);
  const flowed = progress.txStatus(txId);
  let status: ProgressView['status'] = 'saved_offline';
  if (out?.state === 'inflight') status = 'sending';
  if (out?.state === 'acked') status = 'accepted';
  if (out?.state === 'rejected') status = 'rejected';
  if (flowed) status = flowed.status;
  return {
    status,
    note: flowed?.note ?? (out?.state === 'rejected' ? out.message : null),
    platformNumber: flowed?.serverRef ?? out?.serverRef ?? null,
  };
}
