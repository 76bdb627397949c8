import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync, inflateSync } from 'node:zlib';

export type BodyEncoding = 'br' | 'gzip' | 'identity';

/** Bodies above 1 KiB are compressed (protocol §1); smaller ones gain nothing for the CPU spent. */
export const COMPRESS_ABOVE_BYTES = 1024;

export function encodeBody(
  raw: Buffer,
  preferred: Exclude<BodyEncoding, 'identity'>,
  brotliQuality: number,
): { bytes: Buffer; encoding: BodyEncoding } {
  if (raw.length <= COMPRESS_ABOVE_BYTES) return { bytes: raw, encoding: 'identity' };
  if (preferred === 'br') {
    const bytes = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: brotliQuality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    return { bytes, encoding: 'br' };
  }
  return { bytes: gzipSync(raw, { level: 9 }), encoding: 'gzip' };
}

/** Decodes a response body per its Content-Encoding; throws on an unknown coding. */
export function decodeBody(bytes: Buffer, contentEncoding: string | undefined): Buffer {
  const enc = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return bytes;
  if (enc === 'br') return brotliDecompressSync(bytes);
  if (enc === 'gzip' || enc === 'x-gzip') return gunzipSync(bytes);
  if (enc === 'deflate') return inflateSync(bytes);
  throw new Error(`unsupported content-encoding ${enc}`);
}
