import { uploadBlob } from '../blobs/uploader';
import type { SyncFailure } from '../client/errors';
import type { PlatformClient } from '../client/platform-client';
import type { SyncLogger } from '../logger';
import type { OutboxStore } from '../outbox/outbox-store';
import type { SyncConfig } from './config';
import type { RejectedEvent, SyncStatus } from './status';

export interface BlobPhaseDeps {
  readonly outbox: OutboxStore;
  readonly config: SyncConfig;
  readonly log: SyncLogger;
  /** The upload in progress (status), null when none. */
  readonly onProgress: (upload: SyncStatus['upload']) => void;
  readonly onRejected: (e: RejectedEvent) => void;
  /** A blob is on the platform: the link works. */
  readonly onUploaded: () => void;
}

export interface BlobCounters {
  rejected: number;
  blobsUploaded: number;
}

/**
 * Uploads the blobs that deferred items wait for, one after the other, resumable (protocol §4).
 * A blob the platform refuses for good is poison: its items are rejected and the rest go on.
 */
export async function uploadWaitingBlobs(
  deps: BlobPhaseDeps,
  client: PlatformClient,
  counters: BlobCounters,
): Promise<{ waiting: number; uploaded: number; failure?: SyncFailure }> {
  const { outbox, log } = deps;
  const blobs = outbox.blobsToUpload();
  let uploaded = 0;
  for (const ref of blobs) {
    const data = outbox.readBlob(ref.sha256);
    if (!data) {
      log.error({ sha256: ref.sha256 }, 'sync: blob of a deferred item is missing locally');
      continue;
    }
    deps.onProgress({ sha256: ref.sha256, offset: 0, size: ref.size });
    const r = await uploadBlob(client, ref, data, deps.config.blobChunkBytes, (offset) =>
      deps.onProgress({ sha256: ref.sha256, offset, size: ref.size }),
    );
    deps.onProgress(null);
    log.info(
      { sha256: ref.sha256, size: ref.size, sent: r.bytesSent, from_offset: r.startedAtOffset, ok: r.ok },
      'sync: blob upload',
    );
    if (!r.ok && r.failure!.kind === 'permanent') {
      const items = outbox.rejectWaitingForBlob(ref.sha256, r.failure!.code, r.failure!.message);
      for (const e of items) deps.onRejected(e);
      counters.rejected += items.length;
      continue;
    }
    if (!r.ok) return { waiting: blobs.length, uploaded, failure: r.failure! };
    outbox.markBlobUploaded(ref.sha256);
    counters.blobsUploaded++;
    uploaded++;
    deps.onUploaded();
  }
  return { waiting: blobs.length, uploaded };
}
