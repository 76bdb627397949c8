import { describe, expect, it } from 'vitest';
import { checkCharacter, validateCitizenId, withCheckCharacter } from '../../rules/citizen-id';

describe('GB 11643 check character', () => {
  it('computes ISO 7064 MOD 11-2 by hand for an invented number', () => {
    // 1 1 0 1 0 5 1 9 4 9 0 2 3 1 0 0 2 · weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // sum = 7+9+0+5+0+20+2+9+24+27+0+18+30+5+0+0+4 = 160; 160 mod 11 = 6 → "10X98765432"[6] = '6'
    expect(checkCharacter('11010519490231002')).toBe('6');
  });
  it('yields X for remainder 2', () => {
    // Find an input whose remainder is 2 by changing the last digit; check it round-trips.
    const id = withCheckCharacter('93125019901224004');
    expect(id.endsWith('X')).toBe(true);
    expect(validateCitizenId(id.toLowerCase(), {})).toEqual([]);
  });
  it('refuses anything but 17 digits', () => {
    expect(checkCharacter('1234')).toBeNull();
    expect(checkCharacter('1101051949023100A')).toBeNull();
    expect(() => withCheckCharacter('12')).toThrow(RangeError);
  });
});

describe('cross-checks against the card fields', () => {
  const id = withCheckCharacter('43012119480315001'); // odd sequence → male
  it('accepts a consistent card', () => {
    expect(validateCitizenId(id, { birthDate: '1948-03-15', gender: 'male' })).toEqual([]);
  });
  it('reports a wrong check character', () => {
    const last = id[17] === '0' ? '1' : '0';
    expect(validateCitizenId(id.slice(0, 17) + last, { birthDate: '1948-03-15', gender: 'male' })).toEqual([
      'id_check_character',
    ]);
  });
  it('reports a birth date mismatch', () => {
    expect(validateCitizenId(id, { birthDate: '1948-03-16', gender: 'male' })).toEqual(['id_birth_date_mismatch']);
  });
  it('reports a gender parity mismatch', () => {
    expect(validateCitizenId(id, { birthDate: '1948-03-15', gender: 'female' })).toEqual(['id_gender_mismatch']);
  });
  it('does not judge parity when gender is unknown or unspecified', () => {
    expect(validateCitizenId(id, { gender: 'unspecified' })).toEqual([]);
  });
  it('reports a malformed number', () => {
    expect(validateCitizenId('4301211948031500', {})).toEqual(['id_format']);
    expect(validateCitizenId('43012119480315001Y', {})).toEqual(['id_format']);
  });
});
