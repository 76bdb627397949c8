import { describe, expect, it } from 'vitest';
import {
  contentDigest,
  EMPTY_BODY_CONTENT_DIGEST,
  parseContentDigest,
  verifyContentDigest,
} from '../../../sync/protocol/content-digest';

// RFC 9530 §2 / Appendix B examples use the body {"hello": "world"}.
const BODY = '{"hello": "world"}';

describe('Content-Digest (RFC 9530)', () => {
  it('reproduces the RFC examples', () => {
    expect(contentDigest(BODY)).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
    expect(contentDigest(BODY, 'sha-512')).toBe(
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    );
  });

  it('uses the empty-string digest for bodiless messages', () => {
    expect(EMPTY_BODY_CONTENT_DIGEST).toBe('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:');
    expect(verifyContentDigest(EMPTY_BODY_CONTENT_DIGEST, Buffer.alloc(0))).toEqual({ ok: true });
  });

  it('verifies and reports each failure', () => {
    const d = contentDigest(BODY);
    expect(verifyContentDigest(d, Buffer.from(BODY))).toEqual({ ok: true });
    expect(verifyContentDigest(`${d}, ${contentDigest(BODY, 'sha-512')}`, BODY)).toEqual({ ok: true });
    expect(verifyContentDigest(d, '{"hello": "World"}')).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyContentDigest(undefined, BODY)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyContentDigest('sha-256=abc', BODY)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyContentDigest(contentDigest(BODY, 'sha-512'), BODY)).toEqual({ ok: false, reason: 'no_sha256' });
    expect(verifyContentDigest(`${d}, sha-512=:AAAA:`, BODY)).toEqual({ ok: false, reason: 'mismatch' });
    expect(parseContentDigest(d)?.get('sha-256')?.length).toBe(32);
  });
});
