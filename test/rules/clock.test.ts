import { describe, expect, it } from 'vitest';
import { CLOCK_WARNING_OFFSET_MS, clockNeedsAttention, platformTime } from '../../rules/clock';

describe('clock rules', () => {
  it('warns only beyond five minutes either way, never for an unmeasured clock', () => {
    expect(CLOCK_WARNING_OFFSET_MS).toBe(300_000);
    expect(clockNeedsAttention(null)).toBe(false);
    expect(clockNeedsAttention(300_000)).toBe(false);
    expect(clockNeedsAttention(-300_000)).toBe(false);
    expect(clockNeedsAttention(300_001)).toBe(true);
    expect(clockNeedsAttention(-7_200_000)).toBe(true);
  });

  it('corrects a device reading by the measured offset', () => {
    expect(platformTime(1_000_000, -400_000)).toBe(600_000);
    expect(platformTime(1_000_000, null)).toBe(1_000_000);
  });
});
