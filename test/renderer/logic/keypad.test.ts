import { describe, expect, it } from 'vitest';
import {
  applyKey, fieldToKeypadValue, formatKeypadDisplay, keypadSpecFor, keypadValueToField, type KeypadKey, type KeypadSpec,
} from '../../../renderer/logic/keypad';

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
