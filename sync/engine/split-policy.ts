import type { SyncFailure } from '../client/errors';

/**
 * The one rule for "release the batch and rebuild it smaller". Splitting is always safe: every item
 * is deduplicated by `tx_id` on the platform, so an item sent in two batches is answered
 * `duplicate` the second time. Pure: the batch sender applies the decision.
 */

/** Transport failures with no answer at all: the link (not the platform) is the problem. */
const linkLostCodes = new Set(['connect_timeout', 'stalled', 'deadline', 'network', 'aborted']);
const timeoutCodes = new Set(['connect_timeout', 'stalled', 'deadline']);

export function isLinkLost(f: SyncFailure): boolean {
  return f.kind === 'transient' && linkLostCodes.has(f.code);
}

export function isTimeout(f: SyncFailure): boolean {
  return f.kind === 'transient' && timeoutCodes.has(f.code);
}

/** The platform itself answered 500 (not a gateway's 502–504): perhaps one item trips a platform bug. */
export function isServerError(f: SyncFailure, status: number | undefined): boolean {
  return f.kind === 'transient' && status === 500;
}

export type SplitDecision =
  /** Send the same batch (same batch_id, same bytes) again later. */
  | { readonly action: 'resend' }
  /** A one-item batch refused for good: reject that item with this code. */
  | { readonly action: 'reject'; readonly code: string; readonly message: string }
  /** Release the batch; the next ones carry at most `maxItems` items until batches succeed again. */
  | { readonly action: 'split'; readonly maxItems: number }
  /** Release the batch and rebuild it at the byte target (restarted after a link loss), no item cap. */
  | { readonly action: 'rebuild' };

export interface FailedBatch {
  readonly items: number;
  readonly wireBytes: number;
  /** Timeouts of this batch in a row, the one just seen included. */
  readonly timeouts: number;
  /** HTTP 500 answers to this batch in a row, the one just seen included. */
  readonly serverErrors: number;
}

export interface SplitLimits {
  readonly timeoutsBeforeSplit: number;
  readonly serverErrorsBeforeSplit: number;
  /** After a link loss, a batch bigger than this (twice the restarted target) is rebuilt small. */
  readonly rebuildAboveWireBytes: number;
}

export const ITEM_TOO_LARGE_MESSAGE = '这笔业务的数据超过平台允许的大小，请联系技术员。';

/** Half the items, at least one. */
export function halved(items: number): number {
  return Math.max(1, Math.floor(items / 2));
}

/** A body over the platform's limit is split before sending: it would only be refused with 413. */
export function decideBeforeSending(items: number, wireBytes: number, limitBytes: number): SplitDecision {
  return wireBytes > limitBytes && items > 1 ? { action: 'split', maxItems: halved(items) } : { action: 'resend' };
}

export function decideAfterFailure(
  batch: FailedBatch,
  f: SyncFailure,
  status: number | undefined,
  limits: SplitLimits,
): SplitDecision {
  if (f.kind === 'too_large' || f.kind === 'permanent') {
    if (batch.items === 1) {
      return f.kind === 'too_large'
        ? { action: 'reject', code: 'item_too_large', message: ITEM_TOO_LARGE_MESSAGE }
        : { action: 'reject', code: f.code, message: f.message };
    }
    // 413: halve by size; a permanent refusal of several items: bisect to find the one at fault.
    return { action: 'split', maxItems: halved(batch.items) };
  }
  // A batch caught by a lost link is rebuilt small, so the first answer after the link returns
  // costs seconds; a batch already small is resent as it is, so its items' attempts do not climb
  // with every retry of a long outage.
  if (isLinkLost(f) && batch.items > 1 && batch.wireBytes > limits.rebuildAboveWireBytes) return { action: 'rebuild' };
  // Never finishes on this link.
  if (isTimeout(f) && batch.timeouts >= limits.timeoutsBeforeSplit && batch.items > 1)
    return { action: 'split', maxItems: halved(batch.items) };
  // Bisect down to the item the platform keeps failing on; a single such item is released too and,
  // once sent heldAfterAttempts times, goes after everything else — never rejected without the
  // platform's verdict, never blocking the queue.
  if (isServerError(f, status) && batch.serverErrors >= limits.serverErrorsBeforeSplit)
    return { action: 'split', maxItems: halved(batch.items) };
  // transient or auth
  return { action: 'resend' };
}

/** After an acknowledged batch the item cap doubles, and is lifted once it reaches the configured maximum. */
export function itemCapAfterSuccess(cap: number | null, batchMaxItems: number): number | null {
  if (cap === null) return null;
  return Math.max(1, cap * 2) >= batchMaxItems ? null : cap * 2;
}
