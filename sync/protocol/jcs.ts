// RFC 8785 (JSON Canonicalization Scheme). The `canonicalize` package does the work; we checked it
// against the RFC's ordering (UTF-16 code units) and number (ECMAScript Number::toString) examples
// in test/sync/protocol/jcs.test.ts. This wrapper adds the checks that make a payload hash stable:
// only plain JSON data is accepted (no undefined, functions, Dates, Maps or class instances that
// would be silently changed by a toJSON or dropped).
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

export class NotJsonError extends Error {
  constructor(
    public readonly path: string,
    what: string,
  ) {
    super(`not canonicalizable JSON at ${path}: ${what}`);
    this.name = 'NotJsonError';
  }
}

// String.prototype.isWellFormed is ES2024; the tsconfig targets ES2023 typings.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertPlainJson(value: unknown, path: string): void {
  if (value === null) return;
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new NotJsonError(path, 'lone surrogate in string');
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path, `non-finite number ${value}`);
      return;
    case 'object': {
      if (Array.isArray(value)) {
        value.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new NotJsonError(path, 'not a plain object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (LONE_SURROGATE.test(k)) throw new NotJsonError(path, 'lone surrogate in key');
        assertPlainJson(v, `${path}.${k}`);
      }
      return;
    }
    default:
      throw new NotJsonError(path, typeof value);
  }
}

/** The RFC 8785 canonical form of plain JSON data. Throws NotJsonError for anything else. */
export function canonicalJson(value: unknown): string {
  assertPlainJson(value, '$');
  const out = canonicalize(value);
  if (out === undefined) throw new NotJsonError('$', 'nothing to serialize');
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `payload_sha256` of the protocol: lower-case hex SHA-256 of the payload's JCS form (UTF-8). */
export function payloadSha256(payload: unknown): string {
  return sha256Hex(Buffer.from(canonicalJson(payload), 'utf8'));
}
