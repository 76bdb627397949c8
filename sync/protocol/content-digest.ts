// RFC 9530 Content-Digest. The protocol uses sha-256 over the body bytes exactly as sent, i.e.
// after Content-Encoding (gzip/br), and the digest of the empty string for bodiless messages.
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseDictionary } from 'structured-headers';

export type DigestAlgorithm = 'sha-256' | 'sha-512';

function digest(alg: DigestAlgorithm, body: Uint8Array | string): Buffer {
  return createHash(alg === 'sha-256' ? 'sha256' : 'sha512')
    .update(body)
    .digest();
}

/** The Content-Digest field value for `body`, e.g. `sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:`. */
export function contentDigest(body: Uint8Array | string = new Uint8Array(0), alg: DigestAlgorithm = 'sha-256'): string {
  return `${alg}=:${digest(alg, body).toString('base64')}:`;
}

export const EMPTY_BODY_CONTENT_DIGEST = contentDigest(new Uint8Array(0));

/** Parses a Content-Digest field into algorithm → digest bytes. Returns null when malformed. */
export function parseContentDigest(value: string): Map<string, Buffer> | null {
  let dict;
  try {
    dict = parseDictionary(value);
  } catch {
    return null;
  }
  const out = new Map<string, Buffer>();
  for (const [alg, member] of dict) {
    const bare = member[0];
    if (!(bare instanceof ArrayBuffer)) return null;
    out.set(alg, Buffer.from(bare));
  }
  return out;
}

export type DigestCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'no_sha256' | 'mismatch' };

/**
 * Checks a received Content-Digest against the body as received. sha-256 is required (it is
 * what the protocol mandates); any sha-512 present is checked too.
 */
export function verifyContentDigest(value: string | undefined, body: Uint8Array | string): DigestCheck {
  if (value === undefined || value.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parseContentDigest(value);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const sha256 = parsed.get('sha-256');
  if (!sha256) return { ok: false, reason: 'no_sha256' };
  for (const alg of ['sha-256', 'sha-512'] as const) {
    const claimed = parsed.get(alg);
    if (!claimed) continue;
    const actual = digest(alg, body);
    if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual)) return { ok: false, reason: 'mismatch' };
  }
  return { ok: true };
}
