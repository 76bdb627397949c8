import { describe, expect, it } from 'vitest';
import { LookupLimiter } from '../../../main/services/lookup-limiter';

describe('lookup limiter', () => {
  it('stops one connection after its guesses, others keep going until the terminal limit', () => {
    let now = 0;
    const limiter = new LookupLimiter({ perConnection: 2, perTerminal: 3, windowMs: 1000 }, () => now);
    limiter.recordGuess('a');
    expect(limiter.allows('a')).toBe(true);
    limiter.recordGuess('a');
    expect(limiter.allows('a')).toBe(false);
    expect(limiter.allows('b')).toBe(true);
    limiter.recordGuess('b');
    expect(limiter.allows('b')).toBe(false); // the terminal has seen 3
    expect(limiter.allows('c')).toBe(false);
    now = 1001; // the window slides past all of them
    expect(limiter.allows('a')).toBe(true);
    expect(limiter.allows('c')).toBe(true);
  });
});

describe('lookup limiter memory', () => {
  it('still limits correctly after many short-lived connections were swept', () => {
    let now = 0;
    const limiter = new LookupLimiter({ perConnection: 1, perTerminal: 10_000, windowMs: 10 }, () => now);
    for (let i = 0; i < 600; i += 1) {
      now = i * 20; // each guess expired before the next one
      limiter.recordGuess(`c${i}`);
      expect(limiter.allows(`c${i}`)).toBe(false);
    }
    expect(limiter.trackedKeys).toBeLessThanOrEqual(258);
    now += 5;
    expect(limiter.allows('c599')).toBe(false);
    expect(limiter.allows('c0')).toBe(true);
  });
});
