import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReceiptNumber, privateReceiptNumber } from '../../rules/receipt-number';

const elevenDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 });

describe('receipt numbers', () => {
  it('prints 12 digits in three groups of four and reads them back as private', () => {
    fc.assert(
      fc.property(elevenDigits, (d) => {
        const n = privateReceiptNumber(d);
        expect(n).toMatch(/^\d{4}-\d{4}-\d{4}$/);
        expect(n.replace(/-/g, '').startsWith(d)).toBe(true);
        expect(parseReceiptNumber(n)).toEqual({ ok: true, value: { kind: 'private', number: n } });
        // Typed without the dashes (the keypad makes them optional) it is the same number.
        expect(parseReceiptNumber(n.replace(/-/g, ''))).toEqual({ ok: true, value: { kind: 'private', number: n } });
      }),
    );
  });

  it('different random parts never give the same number', () => {
    fc.assert(
      fc.property(elevenDigits, elevenDigits, (a, b) => a === b || privateReceiptNumber(a) !== privateReceiptNumber(b)),
    );
  });

  it('calls every single-digit typo and every adjacent swap a typo, before any lookup', () => {
    fc.assert(
      fc.property(elevenDigits, (d) => {
        const digits = privateReceiptNumber(d).replace(/-/g, '');
        const typos = new Set<string>();
        for (let i = 0; i < 12; i += 1) {
          for (const x of '0123456789') if (x !== digits[i]) typos.add(digits.slice(0, i) + x + digits.slice(i + 1));
          if (i < 11 && digits[i] !== digits[i + 1])
            typos.add(digits.slice(0, i) + digits[i + 1]! + digits[i]! + digits.slice(i + 2));
        }
        for (const t of typos)
          expect(parseReceiptNumber(t)).toMatchObject({ ok: false, error: { code: 'receipt_typo' } });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps old running numbers readable, marked legacy', () => {
    expect(parseReceiptNumber('430121100201-20261122-0001')).toEqual({
      ok: true,
      value: { kind: 'legacy', number: '430121100201-20261122-0001' },
    });
  });

  it('says in Chinese what to do with text that is no receipt number', () => {
    for (const bad of ['', '12-34', 'NOPE-000000', '1234-5678-901', '1234-5678-90123']) {
      const r = parseReceiptNumber(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/凭条/);
    }
  });
});
