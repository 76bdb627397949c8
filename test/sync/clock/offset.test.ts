import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockOffset } from '../../../sync/clock/offset';
import { fakeClocks, openTestDb } from '../helpers';

describe('ClockOffset', () => {
  let t: ReturnType<typeof openTestDb>;
  beforeEach(() => {
    t = openTestDb();
  });
  afterEach(() => t.close());

  it.each([
    ['dead RTC at 2001', '2001-01-01T00:00:05.000Z'],
    ['runaway clock at 2099', '2099-06-01T12:00:00.000Z'],
  ])('measures offset = server − local + rtt/2 with a %s, and ages it on the monotonic clock only', (_label, wall) => {
    const clocks = fakeClocks(wall);
    const off = new ClockOffset(t.db, clocks, 'boot-1');
    expect(off.estimate()).toEqual({ offsetMs: null, ageS: null });
    expect(off.serverNowMs()).toBeNull();
    const server = '2026-11-22T03:00:00.000Z';
    off.record(server, clocks.wallNow(), 400);
    const expected = Date.parse(server) - Date.parse(wall) + 200;
    expect(off.estimate()).toEqual({ offsetMs: expected, ageS: 0 });
    // The wall clock jumps (an NTP fix, a technician) — age and server time follow monotonic time.
    clocks.setWall('1970-01-01T00:00:00.000Z');
    clocks.advance(90_000);
    expect(off.estimate().ageS).toBe(90);
    expect(off.serverNowMs()).toBe(Date.parse(server) + 90_000);
  });

  it('keeps the estimate across a process restart in the same boot, forgets it after a reboot', () => {
    const clocks = fakeClocks();
    new ClockOffset(t.db, clocks, 'boot-1').record('2026-11-22T03:00:01.000Z', clocks.wallNow(), 0);
    expect(new ClockOffset(t.db, clocks, 'boot-1').estimate().offsetMs).toBe(1000);
    expect(new ClockOffset(t.db, clocks, 'boot-2').estimate()).toEqual({ offsetMs: null, ageS: null });
  });

  it('ignores an unparseable server_time', () => {
    const clocks = fakeClocks();
    const off = new ClockOffset(t.db, clocks, 'b');
    off.record('not a time', clocks.wallNow(), 10);
    expect(off.estimate().offsetMs).toBeNull();
  });
});
