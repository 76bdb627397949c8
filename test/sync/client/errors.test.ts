import { describe, expect, it } from 'vitest';
import {
  classifyError,
  classifyHttp,
  parseErrorBody,
  parseRetryAfter,
  UnverifiableResponseError,
} from '../../../sync/client/errors';
import { TransportError } from '../../../sync/client/transport';

const body = (code: string, permanent?: boolean) => ({
  code,
  message: code,
  ...(permanent === undefined ? {} : { permanent }),
});

describe('error classification', () => {
  it.each([
    [500, 'internal_error', false, 'transient'],
    [503, 'unavailable', false, 'transient'],
    [429, 'rate_limited', false, 'transient'],
    [408, 'http_408', undefined, 'transient'],
    [413, 'batch_too_large', true, 'too_large'],
    [401, 'signature_invalid', true, 'auth'],
    [401, 'device_unknown', true, 'auth'],
    [403, 'device_revoked', true, 'auth'],
    [400, 'bad_request', true, 'permanent'],
    [400, 'content_digest_mismatch', false, 'transient'],
    [422, 'blob_corrupt', false, 'transient'],
    [404, 'not_found', true, 'permanent'],
    [302, 'http_302', undefined, 'transient'],
  ] as const)('HTTP %i %s (permanent=%s) → %s', (status, code, permanent, kind) => {
    expect(classifyHttp(status, body(code, permanent)).kind).toBe(kind);
  });

  it('honours Retry-After in seconds and as a date relative to the response Date', () => {
    expect(classifyHttp(429, body('rate_limited', false), { retryAfter: '7' })).toMatchObject({
      kind: 'transient',
      retryAfterMs: 7000,
    });
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', 'Wed, 21 Oct 2015 07:28:00 GMT')).toBe(30_000);
    expect(parseRetryAfter('garbage', undefined)).toBeUndefined();
  });

  it('reads the protocol error body and survives a captive-portal HTML page', () => {
    expect(parseErrorBody(503, '{"error":{"code":"unavailable","message":"m","permanent":false}}')).toEqual({
      code: 'unavailable',
      message: 'm',
      permanent: false,
    });
    expect(parseErrorBody(200, '<html>login</html>')).toEqual({ code: 'http_200', message: 'HTTP 200' });
  });

  it('treats every transport failure and an unverifiable response as transient', () => {
    for (const code of ['connect_timeout', 'stalled', 'deadline', 'network', 'aborted', 'tls'] as const) {
      expect(classifyError(new TransportError(code, 'x')).kind).toBe('transient');
    }
    expect(classifyError(new UnverifiableResponseError('bad sig'))).toMatchObject({
      kind: 'transient',
      code: 'response_unverifiable',
    });
    expect(() => classifyError(new TypeError('bug'))).toThrow(TypeError);
  });
});
