import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer } from '../../../renderer/logic/idle-timer';

function setup(idleSec = 90, countdownSec = 30) {
  const log: string[] = [];
  const timer = createIdleTimer(idleSec * 1000, countdownSec * 1000, {
    onCountdown: (s) => log.push(`count ${s}`),
    onCountdownCancelled: () => log.push('cancel'),
    onExpire: () => log.push('expire'),
  });
  return { timer, log };
}

describe('idle timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does nothing while off (home screen)', () => {
    const { timer, log } = setup();
    vi.advanceTimersByTime(600_000);
    expect(log).toEqual([]);
    expect(timer.phase).toBe('off');
  });

  it('counts down after the idle period, then expires once', () => {
    const { timer, log } = setup(90, 30);
    timer.start();
    vi.advanceTimersByTime(89_999);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(timer.phase).toBe('countdown');
    expect(log).toEqual(['count 30']);
    vi.advanceTimersByTime(29_000);
    expect(log.at(-1)).toBe('count 1');
    expect(log).not.toContain('expire');
    vi.advanceTimersByTime(1_000);
    expect(log.at(-1)).toBe('expire');
    expect(timer.phase).toBe('expired');
    vi.advanceTimersByTime(600_000);
    expect(log.filter((l) => l === 'expire')).toHaveLength(1);
  });

  it('restarts the idle period on activity, including during the countdown', () => {
    const { timer, log } = setup(10, 5);
    timer.start();
    vi.advanceTimersByTime(9_000);
    timer.activity();
    vi.advanceTimersByTime(9_000);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(log).toEqual(['count 5']);
    vi.advanceTimersByTime(2_000);
    timer.activity();
    expect(log.at(-1)).toBe('cancel');
    expect(timer.phase).toBe('watching');
    vi.advanceTimersByTime(9_999);
    expect(log).not.toContain('expire');
    vi.advanceTimersByTime(15_001);
    expect(log.at(-1)).toBe('expire');
  });

  it('never expires while held (read, submit or print in flight), and restarts afterwards', () => {
    const { timer, log } = setup(10, 5);
    timer.start();
    vi.advanceTimersByTime(12_000);
    expect(timer.phase).toBe('countdown');
    const releaseSubmit = timer.hold();
    const releasePrint = timer.hold();
    expect(timer.phase).toBe('busy');
    expect(log.at(-1)).toBe('cancel');
    vi.advanceTimersByTime(600_000);
    expect(log).not.toContain('expire');
    releaseSubmit();
    releaseSubmit(); // releasing twice must not free the other hold
    expect(timer.phase).toBe('busy');
    releasePrint();
    expect(timer.phase).toBe('watching');
    vi.advanceTimersByTime(15_000);
    expect(log.at(-1)).toBe('expire');
  });

  it('stop() withdraws the countdown and start() after expiry watches again', () => {
    const { timer, log } = setup(1, 1);
    timer.start();
    vi.advanceTimersByTime(1_000);
    timer.stop();
    expect(log).toEqual(['count 1', 'cancel']);
    expect(timer.phase).toBe('off');
    timer.start();
    vi.advanceTimersByTime(2_000);
    expect(timer.phase).toBe('expired');
    timer.start();
    expect(timer.phase).toBe('watching');
  });

  it('takes new durations from system.info', () => {
    const { timer, log } = setup(90, 30);
    timer.start();
    timer.configure(2_000, 1_000);
    vi.advanceTimersByTime(2_000);
    expect(log).toEqual(['count 1']);
    vi.advanceTimersByTime(1_000);
    expect(log.at(-1)).toBe('expire');
  });
});
