// Small node:http helpers: bounded body reading, request decompression, JSON replies with
// negotiated compression.
import type { IncomingMessage } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, constants as zc, gzipSync, gunzipSync } from 'node:zlib';
import { errorBody, errorStatus } from '../protocol/errors';
import type { RequestErrorCode } from '../protocol/errors';

export class HttpError extends Error {
  constructor(
    public readonly code: RequestErrorCode,
    message: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
  get status(): number {
    return errorStatus(this.code);
  }
  body() {
    return errorBody(this.code, this.message);
  }
}

/** Reads the body as sent. Past `maxBytes` the rest is drained and discarded and `overflow` is set. */
export async function readRawBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ raw: Buffer; size: number; overflow: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return { raw: Buffer.concat(chunks), size, overflow: size > maxBytes };
}

/** Largest body we inflate, whatever the compressed size (guards against decompression bombs). */
export const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export function decodeBody(raw: Buffer, encoding: string | undefined): Buffer {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  try {
    switch (enc) {
      case '':
      case 'identity':
        return raw;
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(raw, { maxOutputLength: MAX_DECODED_BYTES });
      case 'br':
        return brotliDecompressSync(raw, { maxOutputLength: MAX_DECODED_BYTES });
      default:
        throw new HttpError(
          'unsupported_encoding',
          `Content-Encoding ${enc} is not supported; use gzip, br or identity`,
        );
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    if (
      (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
      /Cannot create a Buffer larger|exceeds/.test((e as Error).message)
    ) {
      throw new HttpError('body_too_large', 'decompressed body is too large');
    }
    throw new HttpError('bad_request', `body is not valid ${enc}`);
  }
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError('bad_request', 'body is not valid JSON');
  }
}

/** Picks a response encoding from Accept-Encoding: br, then gzip, else identity. q=0 excludes. */
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    accepted.set(name, q);
  }
  const ok = (n: string) => (accepted.get(n) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** Responses under this many bytes are not worth compressing. */
const COMPRESS_MIN_BYTES = 256;

export function encodeBody(
  body: Buffer,
  encoding: 'br' | 'gzip' | 'identity',
): { bytes: Buffer; encoding: 'br' | 'gzip' | 'identity' } {
  if (encoding === 'identity' || body.length < COMPRESS_MIN_BYTES) return { bytes: body, encoding: 'identity' };
  if (encoding === 'br') {
    return {
      bytes: brotliCompressSync(body, {
        params: { [zc.BROTLI_PARAM_QUALITY]: 9, [zc.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
      encoding: 'br',
    };
  }
  return { bytes: gzipSync(body, { level: 9 }), encoding: 'gzip' };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
export function isLoopback(address: string | undefined): boolean {
  return (
    address !== undefined && (LOOPBACK.has(address) || address.startsWith('127.') || address.startsWith('::ffff:127.'))
  );
}
