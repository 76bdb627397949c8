import { createHash } from 'node:crypto';
import type { PreparedAttachment, RawAttachment } from '../outbox/types';
import { reencodeImage } from './image';

const reencodable = new Set(['image/jpeg', 'image/png']);

/**
 * Re-encodes images under the photo policy and computes the content address. Pure and
 * synchronous: call it before opening the transaction that enqueues, to keep that short.
 */
export function prepareAttachment(raw: RawAttachment): PreparedAttachment {
  let data = raw.data;
  let mime = raw.mime;
  if (reencodable.has(mime)) {
    const encoded = reencodeImage(data, mime);
    if (encoded) {
      data = encoded.data;
      mime = encoded.mime;
    }
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { data, mime, sha256, size: data.length, prepared: true };
}
