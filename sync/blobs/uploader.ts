import type { PlatformClient } from '../client/platform-client';
import { bareFailure } from '../client/errors';
import type { SyncFailure } from '../client/errors';
import type { AttachmentRef } from '../outbox/types';

export interface UploadReport {
  readonly ok: boolean;
  /** Bytes sent in PATCH bodies during this call (for the "≤ 1 chunk re-sent" goal). */
  readonly bytesSent: number;
  readonly startedAtOffset: number;
  readonly failure?: SyncFailure;
}

/**
 * Content-addressed, resumable upload (protocol §4): HEAD for the server's offset (complete →
 * nothing to do), PUT to create, then PATCH chunks from the server's offset. After an interruption
 * the next call resumes from the offset the server reports, so at most the chunk that was in
 * flight is sent again.
 */
export async function uploadBlob(
  client: PlatformClient,
  ref: AttachmentRef,
  data: Uint8Array,
  chunkBytes: number,
  onProgress?: (offset: number) => void,
): Promise<UploadReport> {
  if (data.length !== ref.size) throw new Error(`blob ${ref.sha256} has ${data.length} bytes, expected ${ref.size}`);
  let bytesSent = 0;
  const head = await client.blobHead(ref.sha256);
  if (!head.ok) return { ok: false, bytesSent, startedAtOffset: 0, failure: bareFailure(head.error) };
  let offset: number;
  if (head.value.body === null) {
    const created = await client.blobCreate(ref.sha256, ref.size, ref.mime);
    if (!created.ok) return { ok: false, bytesSent, startedAtOffset: 0, failure: bareFailure(created.error) };
    offset = 0;
  } else if (head.value.body.length !== ref.size) {
    // Same address, different size: the platform holds something else under this hash. Retrying cannot help.
    return {
      ok: false,
      bytesSent,
      startedAtOffset: 0,
      failure: {
        kind: 'permanent',
        code: 'blob_length_conflict',
        message: `平台上同一附件的长度不一致 (${head.value.body.length} ≠ ${ref.size})`,
      },
    };
  } else {
    offset = head.value.body.offset;
  }
  const startedAtOffset = offset;
  // Bounded: each round either advances or adopts the server's offset; 409 twice in a row is odd.
  let conflicts = 0;
  while (offset < ref.size) {
    const chunk = Buffer.from(data.buffer, data.byteOffset + offset, Math.min(chunkBytes, ref.size - offset));
    const r = await client.blobPatch(ref.sha256, offset, chunk);
    if (!r.ok) return { ok: false, bytesSent, startedAtOffset, failure: bareFailure(r.error) };
    if (r.value.body.conflict) {
      if (++conflicts > 3)
        return {
          ok: false,
          bytesSent,
          startedAtOffset,
          failure: { kind: 'transient', code: 'blob_offset_mismatch', message: 'offset keeps moving' },
        };
      offset = r.value.body.offset;
      continue;
    }
    conflicts = 0;
    bytesSent += chunk.length;
    offset = r.value.body.offset;
    onProgress?.(offset);
  }
  return { ok: true, bytesSent, startedAtOffset };
}
