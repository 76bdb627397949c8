import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyKey,
  fieldToKeypadValue,
  formatKeypadDisplay,
  keypadSpecFor,
  keypadValueToField,
  type KeypadKey,
  type KeypadSpec,
} from '../../../renderer/logic/keypad';
import type { FieldType } from '../../../main/contract/views';

const type = (spec: KeypadSpec, keys: KeypadKey[]): string => keys.reduce((v, k) => applyKey(v, k, spec), '');
const digits = (s: string): KeypadKey[] => [...s] as KeypadKey[];

describe('keypad', () => {
  it('types a phone number: mobile from 1 stops at 11 digits, landline from 0 takes one dash', () => {
    const spec = keypadSpecFor('phone', 13);
    expect(type(spec, digits('5'))).toBe('');
    expect(type(spec, digits('1380013800099'))).toBe('13800138000');
    expect(type(spec, [...digits('138'), '-'])).toBe('138');
    expect(type(spec, [...digits('0731'), '-', '-', ...digits('845678901')])).toBe('0731-84567890');
    expect(formatKeypadDisplay('phone', '0731-8456')).toBe('0731-8456');
    expect(formatKeypadDisplay('phone', '13800138000')).toBe('138 0013 8000');
    expect(formatKeypadDisplay('phone', '1380')).toBe('138 0');
  });

  it('shows long card numbers in groups of four', () => {
    expect(formatKeypadDisplay('digits', '6222021234567890123')).toBe('6222 0212 3456 7890 123');
    expect(formatKeypadDisplay('digits', '12345678')).toBe('12345678');
  });

  it('backspace and clear', () => {
    const spec = keypadSpecFor('digits', 6);
    expect(type(spec, [...digits('123'), 'back'])).toBe('12');
    expect(type(spec, [...digits('123'), 'clear', '7'])).toBe('7');
    expect(applyKey('', 'back', spec)).toBe('');
  });

  it('ID numbers take X only as the 18th character; other numbers after the first digit', () => {
    const id = keypadSpecFor('id_number');
    expect(id.extraKeys).toEqual(['X']);
    expect(type(id, digits('1234X'))).toBe('1234');
    expect(type(id, [...digits('43010519900307001'), 'X', '5'])).toBe('43010519900307001X');
    const cert = keypadSpecFor('digits', 20);
    expect(type(cert, ['X', ...digits('12X3')])).toBe('12X3');
  });

  it('numbers: whole numbers without leading zeros, within the field length', () => {
    const spec = keypadSpecFor('number', 2);
    expect(spec.extraKeys).toEqual([]);
    expect(type(spec, digits('00125'))).toBe('12');
    expect(keypadValueToField('number', '12')).toBe('12');
  });

  it('dates: 8 digits typed, ISO date stored, round trip', () => {
    const spec = keypadSpecFor('date');
    const typed = type(spec, digits('202403159'));
    expect(typed).toBe('20240315');
    expect(keypadValueToField('date', typed)).toBe('2024-03-15');
    expect(keypadValueToField('date', '2024')).toBe('2024');
    expect(fieldToKeypadValue('date', '2024-03-15')).toBe('20240315');
    expect(formatKeypadDisplay('date', '202403')).toBe('2024年03月__日');
  });

  it('local numbers: dashes between digits only', () => {
    const spec = keypadSpecFor('localNumber');
    expect(type(spec, ['-', '1', '2', '-', '-', '3'])).toBe('12-3');
  });
});

/** What FormScreen does on every key press: field value → keypad value → key → field value. */
function pressOnScreen(type: FieldType, maxLength: number | undefined, fieldValue: string, key: KeypadKey): string {
  const spec = keypadSpecFor(type, maxLength);
  return keypadValueToField(spec.kind, applyKey(fieldToKeypadValue(spec.kind, fieldValue), key, spec));
}

const KEYPAD_TYPES = ['digits', 'id_number', 'phone', 'number', 'date'] as const;
const ALL_KEYS: KeypadKey[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '-', 'back', 'clear'];
const digitChar = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
const digitRun = (n: number): fc.Arbitrary<string> =>
  fc.array(digitChar, { minLength: n, maxLength: n }).map((a) => a.join(''));

/** A value of exactly `length` characters that the keypad of `type` can produce. */
function typableValue(type: (typeof KEYPAD_TYPES)[number], length: number): fc.Arbitrary<string> {
  switch (type) {
    case 'number':
      return fc
        .tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '8', '9'), digitRun(length - 1))
        .map(([a, b]) => a + b);
    case 'phone':
      return length <= 11
        ? digitRun(length - 1).map((d) => '1' + d)
        : digitRun(length - 2).map((d) => '0' + d.slice(0, 3) + '-' + d.slice(3));
    case 'id_number':
      return length === 18
        ? fc.tuple(digitRun(17), fc.constantFrom('0', 'X')).map(([a, b]) => a + b)
        : digitRun(length);
    case 'digits':
      return fc
        .tuple(
          digitChar,
          fc.array(fc.constantFrom('0', '5', '9', 'X'), { minLength: length - 1, maxLength: length - 1 }),
        )
        .map(([a, b]) => a + b.join(''));
    case 'date':
      return digitRun(length);
  }
}

describe('keypad value and display are separate (issue #9)', () => {
  it('typing 6217002870012345678 on a bank-account field gives exactly that value', () => {
    let value = '';
    for (const ch of '6217002870012345678') value = pressOnScreen('digits', 19, value, ch as KeypadKey);
    expect(value).toBe('6217002870012345678');
    expect(formatKeypadDisplay('digits', value)).toBe('6217 0028 7001 2345 678');
    // Typing again on the full field leaves it as it is (it used to grow until the page crashed).
    for (const ch of '6217002870012345678') value = pressOnScreen('digits', 19, value, ch as KeypadKey);
    expect(value).toBe('6217002870012345678');
  });

  it('value → keypad → value is the identity for every keypad field type and every key sequence', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYPAD_TYPES),
        fc.integer({ min: 1, max: 32 }),
        fc.array(fc.constantFrom(...ALL_KEYS), { maxLength: 45 }),
        (type, maxLength, keys) => {
          const spec = keypadSpecFor(type, maxLength);
          let typed = '';
          let value = '';
          for (const key of keys) {
            typed = applyKey(typed, key, spec);
            value = pressOnScreen(type, maxLength, value, key);
            expect(value).toBe(keypadValueToField(spec.kind, typed));
            expect(fieldToKeypadValue(spec.kind, value)).toBe(typed);
            expect(keypadValueToField(spec.kind, fieldToKeypadValue(spec.kind, value))).toBe(value);
            expect(typed.length).toBeLessThanOrEqual(spec.maxLength);
            expect(value).not.toMatch(/\s/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  for (const type of KEYPAD_TYPES) {
    it(`${type}: every value of every length up to the maximum is typed exactly`, () => {
      const maxLength = type === 'digits' ? 32 : type === 'number' ? 12 : undefined;
      const max = keypadSpecFor(type, maxLength).maxLength;
      for (let length = 1; length <= max; length++) {
        fc.assert(
          fc.property(typableValue(type, length), (wanted) => {
            let value = '';
            for (const ch of wanted) value = pressOnScreen(type, maxLength, value, ch as KeypadKey);
            const expected =
              type === 'date' && length === 8
                ? `${wanted.slice(0, 4)}-${wanted.slice(4, 6)}-${wanted.slice(6)}`
                : wanted;
            expect(value).toBe(expected);
            expect(fieldToKeypadValue(keypadSpecFor(type, maxLength).kind, value)).toBe(wanted);
          }),
          { numRuns: 25 },
        );
      }
    });
  }
});
