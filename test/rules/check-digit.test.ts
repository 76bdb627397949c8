import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammCheckDigit, dammValid } from '../../rules/check-digit';

const digitString = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const withCheck = (digits: string) => digits + dammCheckDigit(digits);

describe('Damm check digit', () => {
  it('matches published examples', () => {
    expect(dammCheckDigit('572')).toBe('4');
    expect(dammValid('5724')).toBe(true);
    expect(dammValid('5723')).toBe(false);
  });

  it('accepts every number with its own check digit', () => {
    fc.assert(fc.property(digitString(1, 20), (d) => dammValid(withCheck(d))));
  });

  it('catches every single-digit substitution, at every position (exhaustive per number)', () => {
    fc.assert(
      fc.property(digitString(1, 14), (d) => {
        const good = withCheck(d);
        for (let i = 0; i < good.length; i += 1) {
          for (const x of '0123456789') {
            if (x === good[i]) continue;
            expect(dammValid(good.slice(0, i) + x + good.slice(i + 1))).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('catches every swap of two different adjacent digits, the check digit included', () => {
    fc.assert(
      fc.property(digitString(1, 14), (d) => {
        const good = withCheck(d);
        for (let i = 0; i + 1 < good.length; i += 1) {
          if (good[i] === good[i + 1]) continue;
          expect(dammValid(good.slice(0, i) + good[i + 1]! + good[i]! + good.slice(i + 2))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('catches every substitution and swap over all pairs of leading digits (exhaustive, short numbers)', () => {
    for (let n = 0; n < 1000; n += 1) {
      const good = withCheck(String(n).padStart(3, '0'));
      for (let i = 0; i < good.length; i += 1) {
        for (const x of '0123456789')
          if (x !== good[i]) expect(dammValid(good.slice(0, i) + x + good.slice(i + 1))).toBe(false);
        if (i + 1 < good.length && good[i] !== good[i + 1]) {
          expect(dammValid(good.slice(0, i) + good[i + 1]! + good[i]! + good.slice(i + 2))).toBe(false);
        }
      }
    }
  });

  it('rejects what is not digits', () => {
    expect(dammValid('12a4')).toBe(false);
    expect(dammValid('')).toBe(false);
    expect(() => dammCheckDigit('12-3')).toThrow();
  });
});
