import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHoldTimer } from '../../../renderer/logic/hold-timer';

describe('hold timer (hidden technician entry)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires only after the full hold without letting go', () => {
    const held = vi.fn();
    const t = createHoldTimer(3000, held);
    t.press();
    vi.advanceTimersByTime(2999);
    expect(held).not.toHaveBeenCalled();
    expect(t.holding).toBe(true);
    vi.advanceTimersByTime(1);
    expect(held).toHaveBeenCalledTimes(1);
    expect(t.holding).toBe(false);
  });

  it('a tap or a hold released early never fires, and the next hold starts from zero', () => {
    const held = vi.fn();
    const t = createHoldTimer(3000, held);
    t.press();
    vi.advanceTimersByTime(2500);
    t.release();
    vi.advanceTimersByTime(5000);
    expect(held).not.toHaveBeenCalled();
    t.press();
    vi.advanceTimersByTime(2500);
    expect(held).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(held).toHaveBeenCalledTimes(1);
  });

  it('a second press while holding does not restart or double the hold', () => {
    const held = vi.fn();
    const t = createHoldTimer(3000, held);
    t.press();
    vi.advanceTimersByTime(2000);
    t.press();
    vi.advanceTimersByTime(1000);
    expect(held).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(held).toHaveBeenCalledTimes(1);
    t.release(); // after firing: harmless
  });
});
