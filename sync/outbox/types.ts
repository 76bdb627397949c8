/** Outbox vocabulary shared by the store, the sender and the UI queries. */
export const outboxStates = ['pending', 'inflight', 'acked', 'rejected', 'deferred'] as const;
export type OutboxState = (typeof outboxStates)[number];

export const txKinds = ['application', 'evaluation', 'audit', 'health'] as const;
export type TxKind = (typeof txKinds)[number];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Raw attachment bytes; images are re-encoded (see sync/blobs/image.ts) before they are stored. */
export interface RawAttachment {
  readonly data: Uint8Array;
  readonly mime: string;
}

/** An attachment already prepared outside the caller's transaction (prepareAttachment). */
export interface PreparedAttachment extends RawAttachment {
  readonly sha256: string;
  readonly size: number;
  readonly prepared: true;
}

export interface AttachmentRef {
  readonly sha256: string;
  readonly size: number;
  readonly mime: string;
}

export interface EnqueueInput {
  /** A UUID made when the transaction was first saved; generated here when absent. */
  readonly txId?: string;
  readonly kind: TxKind;
  readonly serviceCode: string | null;
  readonly catalogVersion: number | null;
  readonly payload: JsonValue;
  readonly attachments?: readonly (RawAttachment | PreparedAttachment)[];
  readonly dependsOn?: string | null;
}

export interface EnqueueResult {
  readonly seq: number;
  readonly txId: string;
}

export interface OutboxCounts {
  readonly pending: number;
  readonly inflight: number;
  readonly acked: number;
  readonly rejected: number;
  readonly deferred: number;
  /** device_time of the oldest item not yet acknowledged or rejected (recorded, not trusted). */
  readonly oldestPending: { readonly seq: number; readonly txId: string; readonly deviceTime: string } | null;
}

export interface OutboxItemView {
  readonly seq: number;
  readonly txId: string;
  readonly kind: TxKind;
  readonly serviceCode: string | null;
  readonly state: OutboxState;
  readonly serverRef: string | null;
  /** Rejection or deferral code from the platform (e.g. payload_mismatch, attachment_missing). */
  readonly code: string | null;
  readonly message: string | null;
  readonly deviceTime: string;
  readonly attempts: number;
}

/** One item as it goes on the wire (protocol §3); `payloadJcs` is the frozen canonical text. */
export interface WireItem {
  readonly seq: number;
  readonly txId: string;
  readonly kind: TxKind;
  readonly serviceCode: string | null;
  readonly catalogVersion: number | null;
  readonly payloadJcs: string;
  readonly payloadSha256: string;
  readonly attachments: readonly AttachmentRef[];
  readonly dependsOn: string | null;
  readonly deviceTime: string;
  readonly bootId: string;
  readonly clock: { readonly offset_ms: number | null; readonly age_s: number | null };
}

export interface ItemResult {
  readonly seq: number;
  readonly tx_id: string;
  readonly status: 'applied' | 'duplicate' | 'rejected' | 'deferred';
  readonly server_ref: string | null;
  readonly code: string | null;
  readonly message: string | null;
}
