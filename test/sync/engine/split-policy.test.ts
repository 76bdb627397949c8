import { describe, expect, it } from 'vitest';
import type { SyncFailure } from '../../../sync/client/errors';
import {
  ITEM_TOO_LARGE_MESSAGE,
  decideAfterFailure,
  decideBeforeSending,
  halved,
  isLinkLost,
  isServerError,
  isTimeout,
  itemCapAfterSuccess,
} from '../../../sync/engine/split-policy';

const limits = { timeoutsBeforeSplit: 3, serverErrorsBeforeSplit: 3, rebuildAboveWireBytes: 4096 };
const batch = (over: Partial<{ items: number; wireBytes: number; timeouts: number; serverErrors: number }> = {}) => ({
  items: 10,
  wireBytes: 2000,
  timeouts: 0,
  serverErrors: 0,
  ...over,
});
const transient = (code: string): SyncFailure => ({ kind: 'transient', code, message: code });
const tooLarge: SyncFailure = { kind: 'too_large', code: 'body_too_large', message: 'too big' };
const permanent: SyncFailure = { kind: 'permanent', code: 'payload_mismatch', message: '同一编号的业务内容不同' };
const auth: SyncFailure = { kind: 'auth', code: 'device_revoked', message: 'revoked' };

describe('split policy', () => {
  it('halves, never below one item', () => {
    expect([halved(500), halved(3), halved(2), halved(1), halved(0)]).toEqual([250, 1, 1, 1, 1]);
  });

  it('splits a body over the platform limit before sending, unless it is one item', () => {
    expect(decideBeforeSending(10, 300_000, 262_144)).toEqual({ action: 'split', maxItems: 5 });
    expect(decideBeforeSending(1, 300_000, 262_144)).toEqual({ action: 'resend' });
    expect(decideBeforeSending(10, 262_144, 262_144)).toEqual({ action: 'resend' });
  });

  it('413: halves a batch; rejects a single item as item_too_large', () => {
    expect(decideAfterFailure(batch({ items: 9 }), tooLarge, 413, limits)).toEqual({ action: 'split', maxItems: 4 });
    expect(decideAfterFailure(batch({ items: 1 }), tooLarge, 413, limits)).toEqual({
      action: 'reject',
      code: 'item_too_large',
      message: ITEM_TOO_LARGE_MESSAGE,
    });
  });

  it('a verified permanent refusal bisects a batch and rejects a single item with the platform code', () => {
    expect(decideAfterFailure(batch({ items: 4 }), permanent, 422, limits)).toEqual({ action: 'split', maxItems: 2 });
    expect(decideAfterFailure(batch({ items: 1 }), permanent, 422, limits)).toEqual({
      action: 'reject',
      code: 'payload_mismatch',
      message: '同一编号的业务内容不同',
    });
  });

  it('timeouts: the same batch is resent until the configured count, then split (one item never)', () => {
    expect(decideAfterFailure(batch({ timeouts: 2 }), transient('stalled'), undefined, limits)).toEqual({
      action: 'resend',
    });
    expect(decideAfterFailure(batch({ timeouts: 3 }), transient('stalled'), undefined, limits)).toEqual({
      action: 'split',
      maxItems: 5,
    });
    expect(decideAfterFailure(batch({ items: 1, timeouts: 9 }), transient('deadline'), undefined, limits)).toEqual({
      action: 'resend',
    });
  });

  it('a lost link rebuilds a batch much bigger than the restarted target, and resends a small one as it is', () => {
    expect(decideAfterFailure(batch({ wireBytes: 5000 }), transient('network'), undefined, limits)).toEqual({
      action: 'rebuild',
    });
    expect(decideAfterFailure(batch({ wireBytes: 4096 }), transient('network'), undefined, limits)).toEqual({
      action: 'resend',
    });
    expect(decideAfterFailure(batch({ items: 1, wireBytes: 90_000 }), transient('aborted'), undefined, limits)).toEqual(
      { action: 'resend' },
    );
    // A timeout that is also a lost link: rebuilding wins over counting timeouts.
    expect(
      decideAfterFailure(batch({ wireBytes: 5000, timeouts: 3 }), transient('connect_timeout'), undefined, limits),
    ).toEqual({ action: 'rebuild' });
  });

  it('repeated HTTP 500 bisects down to one item, which is released too; 502–504 and 429 never split', () => {
    expect(decideAfterFailure(batch({ serverErrors: 2 }), transient('internal'), 500, limits)).toEqual({
      action: 'resend',
    });
    expect(decideAfterFailure(batch({ serverErrors: 3 }), transient('internal'), 500, limits)).toEqual({
      action: 'split',
      maxItems: 5,
    });
    expect(decideAfterFailure(batch({ items: 1, serverErrors: 3 }), transient('internal'), 500, limits)).toEqual({
      action: 'split',
      maxItems: 1,
    });
    expect(decideAfterFailure(batch({ serverErrors: 9 }), transient('http_503'), 503, limits)).toEqual({
      action: 'resend',
    });
    expect(decideAfterFailure(batch({ serverErrors: 9 }), transient('rate_limited'), 429, limits)).toEqual({
      action: 'resend',
    });
  });

  it('an unverifiable answer or an auth refusal never splits or rejects', () => {
    expect(decideAfterFailure(batch({ items: 1 }), transient('response_unverifiable'), 403, limits)).toEqual({
      action: 'resend',
    });
    expect(decideAfterFailure(batch({ items: 1 }), auth, 403, limits)).toEqual({ action: 'resend' });
  });

  it('classifies failures', () => {
    expect(
      ['connect_timeout', 'stalled', 'deadline', 'network', 'aborted'].map((c) => isLinkLost(transient(c))),
    ).toEqual([true, true, true, true, true]);
    expect(
      ['connect_timeout', 'stalled', 'deadline', 'network', 'aborted'].map((c) => isTimeout(transient(c))),
    ).toEqual([true, true, true, false, false]);
    expect(isLinkLost({ kind: 'permanent', code: 'network', message: '' })).toBe(false);
    expect(isServerError(transient('x'), 500)).toBe(true);
    expect(isServerError(transient('x'), 502)).toBe(false);
    expect(isServerError(permanent, 500)).toBe(false);
  });

  it('after a success the item cap doubles and is lifted at the configured maximum', () => {
    expect(itemCapAfterSuccess(null, 500)).toBeNull();
    expect(itemCapAfterSuccess(1, 500)).toBe(2);
    expect(itemCapAfterSuccess(125, 500)).toBe(250);
    expect(itemCapAfterSuccess(250, 500)).toBeNull();
  });
});
