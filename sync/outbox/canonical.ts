import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) text of a JSON value; payload_sha256 is SHA-256 of exactly these UTF-8 bytes. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('payload is not JSON-serialisable');
  return text;
}
