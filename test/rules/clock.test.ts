import { describe, expect, it } from 'vitest';
import {
  CLOCK_WARNING_OFFSET_MS,
  chinaDateTimeText,
  chinaDay,
  chinaStamp,
  clockNeedsAttention,
  platformTime,
} from '../../rules/clock';

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

describe('China time', () => {
  it('puts the day boundary at 16:00 UTC', () => {
    expect(chinaDay(Date.parse('2026-12-04T15:59:59Z'))).toBe('2026-12-04');
    expect(chinaDay(Date.parse('2026-12-04T16:00:00Z'))).toBe('2026-12-05');
  });

  it('formats screens and receipts in China time, the input back when it is not a time', () => {
    expect(chinaDateTimeText('2026-12-31T16:05:00.000Z')).toBe('2027年1月1日 00:05');
    expect(chinaDateTimeText('2026-06-01T03:09:00+08:00')).toBe('2026年6月1日 03:09');
    expect(chinaStamp('2026-12-05T10:30:00Z')).toBe('2026-12-05 18:30');
    expect(chinaDateTimeText('not a date')).toBe('not a date');
    expect(chinaStamp('')).toBe('');
  });
});
