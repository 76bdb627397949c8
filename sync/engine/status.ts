import type { OutboxCounts } from '../outbox/types';

/** What the UI shows about sync. `link` is "up" only after a real exchange succeeded. */
export type LinkState = 'unenrolled' | 'unknown' | 'up' | 'down' | 'unauthorized';

export interface SyncStatus {
  readonly link: LinkState;
  /** Link state recorded by the last engine that ran on this store (another process, an earlier run). */
  readonly recordedLink: LinkState | null;
  /** The background loop is running (start() called, stop() not yet). */
  readonly running: boolean;
  readonly deviceId: string | null;
  readonly queue: OutboxCounts;
  readonly inflight: { readonly batchId: string; readonly items: number; readonly bytes: number } | null;
  readonly upload: { readonly sha256: string; readonly offset: number; readonly size: number } | null;
  /** device_time is recorded only; server_time is the platform's signed time of that success. */
  readonly lastSuccess: { readonly deviceTime: string; readonly serverTime: string | null } | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly deviceTime: string } | null;
  readonly nextAttemptInMs: number | null;
  readonly clock: { readonly offsetMs: number | null; readonly ageS: number | null };
}

export interface CycleReport {
  readonly ok: boolean;
  readonly acked: number;
  readonly rejected: number;
  readonly deferred: number;
  readonly batches: number;
  readonly blobsUploaded: number;
  readonly changesApplied: number;
  readonly failure?: {
    readonly kind: string;
    readonly code: string;
    readonly message: string;
    readonly retryAfterMs?: number;
  };
}

export interface RejectedEvent {
  readonly txId: string;
  readonly seq: number;
  readonly code: string;
  readonly message: string | null;
}
