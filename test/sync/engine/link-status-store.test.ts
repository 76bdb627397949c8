import { afterEach, describe, expect, it } from 'vitest';
import { LinkStatusStore } from '../../../sync/engine/link-status-store';
import { fakeClocks, openTestDb } from '../helpers';

let t: ReturnType<typeof openTestDb>;
afterEach(() => t?.close());

function store(enrolled = true, clocks = fakeClocks()) {
  const events = { changes: 0, linkBack: 0 };
  const s = new LinkStatusStore(
    { db: t.db, clocks, onChange: () => events.changes++, onLinkBack: () => events.linkBack++ },
    enrolled,
  );
  return { s, events, clocks };
}

describe('LinkStatusStore', () => {
  it('starts unknown (enrolled) or unenrolled, with nothing recorded', () => {
    t = openTestDb();
    expect(store(true).s.link).toBe('unknown');
    const { s } = store(false);
    expect([s.link, s.recordedLink, s.lastSuccess, s.lastError]).toEqual(['unenrolled', null, null, null]);
  });

  it('records success and failure, and another store on the same file sees the last outcome', () => {
    t = openTestDb();
    const { s, events } = store();
    s.noteSuccess('2026-11-22T03:00:01.000Z');
    expect(s.link).toBe('up');
    expect(s.lastSuccess).toEqual({ deviceTime: '2026-11-22T03:00:00.000Z', serverTime: '2026-11-22T03:00:01.000Z' });
    s.noteFailure({ kind: 'auth', code: 'device_revoked', message: '终端已被停用' });
    expect(s.link).toBe('unauthorized');
    expect(events.changes).toBe(2);
    const other = store().s;
    expect(other.link).toBe('unknown');
    expect(other.recordedLink).toBe('unauthorized');
    expect(other.lastError).toMatchObject({ code: 'device_revoked', message: '终端已被停用' });
    expect(other.lastSuccess?.serverTime).toBe('2026-11-22T03:00:01.000Z');
    // An unenrolled terminal shows nothing of an earlier enrolment.
    expect(store(false).s.lastError).toBeNull();
  });

  it('a permanent refusal leaves the link state as it was; a transient failure means down', () => {
    t = openTestDb();
    const { s } = store();
    s.noteSuccess(null);
    s.noteFailure({ kind: 'permanent', code: 'validation_failed', message: 'x' });
    expect(s.link).toBe('up');
    s.noteFailure({ kind: 'transient', code: 'unavailable', message: 'x' });
    expect(s.link).toBe('down');
  });

  it('fast outage: only after a lost link with work waiting, for outageFastRetryMs from the first loss', () => {
    t = openTestDb();
    const { s, events, clocks } = store();
    const lost = { kind: 'transient', code: 'connect_timeout', message: 'x' } as const;
    s.noteFailure(lost, false);
    expect(s.inFastOutage(180_000)).toBe(false); // failed while polling changes, nothing to upload
    s.noteFailure(lost, true);
    expect(s.inFastOutage(180_000)).toBe(true);
    clocks.advance(179_000);
    s.noteFailure(lost); // the outage began at the first loss, not this one
    expect(s.inFastOutage(180_000)).toBe(true);
    clocks.advance(1_000);
    expect(s.inFastOutage(180_000)).toBe(false);
    // Something answered (a 503): not a lost link any more.
    s.noteFailure({ kind: 'transient', code: 'unavailable', message: 'x' }, true);
    expect(s.inFastOutage(180_000)).toBe(false);
    expect(events.linkBack).toBe(0);
    s.noteFailure(lost, true);
    s.noteSuccess(null);
    expect(events.linkBack).toBe(1);
    expect(s.inFastOutage(180_000)).toBe(false);
    s.noteSuccess(null);
    expect(events.linkBack).toBe(1);
  });
});
