import { describe, expect, it } from 'vitest';
import { checkResponseFreshness, RESPONSE_MAX_SKEW_S } from '../../../sync/protocol/response-freshness';

describe('response freshness (protocol 1.1: 300 s against the platform-time estimate)', () => {
  const now = Date.parse('2026-11-22T02:00:00.000Z');
  const s = now / 1000;

  it('checks nothing before there is an estimate', () => {
    expect(checkResponseFreshness(undefined, null)).toEqual({ ok: true });
    expect(checkResponseFreshness(0, null)).toEqual({ ok: true });
  });

  it('takes created up to 300 s either side of the estimate and refuses beyond', () => {
    expect(RESPONSE_MAX_SKEW_S).toBe(300);
    expect(checkResponseFreshness(s, now)).toEqual({ ok: true });
    expect(checkResponseFreshness(s + 300, now)).toEqual({ ok: true });
    expect(checkResponseFreshness(s - 300, now)).toEqual({ ok: true });
    expect(checkResponseFreshness(s + 301, now)).toEqual({ ok: false, reason: 'created_stale' });
    expect(checkResponseFreshness(s - 301, now)).toEqual({ ok: false, reason: 'created_stale' });
  });

  it('refuses a signature without created once there is an estimate', () => {
    expect(checkResponseFreshness(undefined, now)).toEqual({ ok: false, reason: 'created_missing' });
  });
});
