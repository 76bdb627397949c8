import { describe, expect, it } from 'vitest';
import { BatchSizer } from '../../../sync/client/batch-sizer';
import { fullJitterDelay, probeDelay } from '../../../sync/client/backoff';

describe('BatchSizer', () => {
  const make = () => new BatchSizer({ initialBytes: 32_768, minBytes: 2048, maxBytes: 196_608 });

  it('grows ×2 on success up to the maximum', () => {
    const s = make();
    s.onSuccess();
    expect(s.targetWireBytes).toBe(65_536);
    for (let i = 0; i < 10; i++) s.onSuccess();
    expect(s.targetWireBytes).toBe(196_608);
  });

  it('halves on timeout down to the minimum', () => {
    const s = make();
    s.onTimeout();
    expect(s.targetWireBytes).toBe(16_384);
    for (let i = 0; i < 20; i++) s.onTimeout();
    expect(s.targetWireBytes).toBe(2048);
  });

  it('after a 413 targets at most half of what was refused', () => {
    const s = make();
    s.onTooLarge(20_000);
    expect(s.targetWireBytes).toBe(10_000);
    s.onTooLarge(100_000);
    expect(s.targetWireBytes).toBe(10_000);
  });

  it('derives the raw budget from the observed compression ratio, bounded at 10:1', () => {
    const s = make();
    s.observeCompression(100_000, 25_000);
    expect(s.rawBudget()).toBe(32_768 * 4);
    s.observeCompression(100_000, 1_000);
    expect(s.rawBudget()).toBe(327_680);
  });
});

describe('BatchSizer after a lost link', () => {
  it('starts again from the minimum and doubles from there on each success', () => {
    const s = new BatchSizer({ initialBytes: 32_768, minBytes: 2_048, maxBytes: 196_608 });
    for (let i = 0; i < 5; i++) s.onSuccess();
    expect(s.targetWireBytes).toBe(196_608);
    s.onLinkLost();
    expect(s.targetWireBytes).toBe(2_048);
    s.onSuccess();
    s.onSuccess();
    expect(s.targetWireBytes).toBe(8_192);
  });
});

describe('backoff', () => {
  it('full jitter stays within [0, min(cap, base·2^n)]', () => {
    expect(fullJitterDelay(0, 2000, 300_000, () => 0.999)).toBe(1998);
    expect(fullJitterDelay(3, 2000, 300_000, () => 0.5)).toBe(8000);
    expect(fullJitterDelay(50, 2000, 300_000, () => 0.999)).toBe(299_700);
    expect(fullJitterDelay(5, 2000, 300_000, () => 0)).toBe(0);
  });

  it('probes every 30–60 s', () => {
    expect(probeDelay(30_000, 60_000, () => 0)).toBe(30_000);
    expect(probeDelay(30_000, 60_000, () => 0.999_99)).toBeLessThanOrEqual(60_000);
  });
});
