/**
 * What the services need from the sync engine's outbox (sync/outbox). Kept as a port so that
 * services depend on a shape, not on the sync implementation.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface OutboxPort {
  /** Must be called inside the caller's db transaction: it commits or rolls back with it. */
  enqueue(input: {
    txId: string;
    kind: 'application' | 'evaluation' | 'audit' | 'health';
    serviceCode: string | null;
    catalogVersion: number | null;
    /** A JSON object, frozen at enqueue. */
    payload: { [key: string]: Json };
    /** Prepared outside the transaction (sync/blobs/prepare.ts); sealed and uploaded by the blob channel. */
    attachments: readonly { data: Uint8Array; mime: string; sha256: string; size: number; prepared: true }[];
    dependsOn: string | null;
  }): { seq: number; txId: string };
}

/** Progress as far as the sync engine knows it. */
export interface ProgressPort {
  outboxState(txId: string): {
    state: 'pending' | 'inflight' | 'acked' | 'rejected' | 'deferred';
    serverRef: string | null;
    code: string | null;
    message: string | null;
  } | null;
  txStatus(txId: string): {
    status: 'accepted' | 'in_progress' | 'needs_more' | 'completed' | 'refused';
    note: string | null;
    serverRef: string | null;
  } | null;
}
