import { describe, expect, it } from 'vitest';
import { withCheckCharacter } from '../../rules/citizen-id';
import { checkFieldValue, cleanValue, isValidDate, type FieldRule, type RuleFieldType } from '../../rules/field-rules';

const rule = (type: RuleFieldType, extra: Partial<FieldRule> = {}): FieldRule => ({
  type,
  label: '字段',
  required: true,
  ...extra,
});
const problemOf = (r: FieldRule, v: Parameters<typeof checkFieldValue>[1]): string | null => {
  const c = checkFieldValue(r, v);
  return c.ok ? null : c.error.code;
};

describe('field rules', () => {
  it('checks every field type and returns typed values', () => {
    expect(checkFieldValue(rule('number', { min: 1, max: 5 }), ' 5 ')).toEqual({ ok: true, value: 5 });
    expect(problemOf(rule('number', { min: 1, max: 5 }), '6')).toBe('too_large');
    expect(problemOf(rule('number', { min: 1, max: 5 }), '0')).toBe('too_small');
    expect(problemOf(rule('number'), '3.5')).toBe('number');
    expect(checkFieldValue(rule('id_number'), '11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(problemOf(rule('id_number'), '110105194912310021')).toBe('id_number');
    expect(problemOf(rule('phone'), '0731-84567890')).toBeNull();
    expect(problemOf(rule('phone'), '12800138000')).toBe('phone');
    expect(problemOf(rule('select', { options: ['a'] }), 'a')).toBeNull();
    expect(problemOf(rule('select', { options: ['a'] }), 'b')).toBe('option');
    expect(checkFieldValue(rule('multiselect', { options: ['a', 'b'] }), ['a', 'a', 'b'])).toEqual({
      ok: true,
      value: ['a', 'b'],
    });
    expect(problemOf(rule('multiselect', { options: ['a', 'b'] }), ['a', 'z'])).toBe('option');
    expect(problemOf(rule('multiselect', { options: ['a'] }), [])).toBe('required');
    expect(problemOf(rule('text', { maxLength: 2 }), '村村村')).toBe('too_long');
    expect(problemOf(rule('text', { maxLength: 2 }), '𠈌𠈌')).toBeNull();
    expect(problemOf(rule('text'), ['x'])).toBe('not_text');
  });

  it('checkboxes: a required one needs 是; an unanswered one is asked for', () => {
    expect(problemOf(rule('checkbox'), undefined)).toBe('consent');
    expect(problemOf(rule('checkbox'), false)).toBe('consent');
    expect(problemOf(rule('checkbox'), 'yes')).toBe('yes_no');
    expect(checkFieldValue(rule('checkbox', { required: false }), false)).toEqual({ ok: true, value: false });
  });

  it('bank accounts follow the catalogue pattern (12–19 digits) on the screen as in the host', () => {
    const bank = rule('digits', { label: '银行账号', pattern: '\\d{12,19}', maxLength: 19 });
    expect(checkFieldValue(bank, '1')).toMatchObject({
      ok: false,
      error: { code: 'pattern', message: '银行账号应为12到19位数字，请核对后重新输入' },
    });
    expect(problemOf(bank, '62170028700')).toBe('pattern');
    expect(checkFieldValue(bank, '6217002870012345678')).toEqual({ ok: true, value: '6217002870012345678' });
    expect(checkFieldValue(rule('digits', { label: '证号', pattern: '\\d{18}' }), '1')).toMatchObject({
      ok: false,
      error: { message: '证号应为18位数字，请核对后重新输入' },
    });
    expect(checkFieldValue(rule('text', { label: '编号', pattern: '[A-Z0-9]{6,30}' }), 'ab')).toMatchObject({
      ok: false,
      error: { message: '编号格式不对，请核对后重新输入' },
    });
    // A broken pattern from platform data does not block the villager (the platform checks again).
    expect(problemOf(rule('text', { pattern: '(' }), 'x')).toBeNull();
  });

  it('dates are real calendar days between 1900 and 2100', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('1899-12-31')).toBe(false);
    expect(isValidDate('1900-01-01')).toBe(true);
    expect(isValidDate('2100-12-31')).toBe(true);
    expect(isValidDate('2101-01-01')).toBe(false);
    expect(problemOf(rule('date'), '2024-13-01')).toBe('date');
  });

  it('unanswered: null when optional, required otherwise; control characters do not count', () => {
    expect(checkFieldValue(rule('text', { required: false }), '  \u200b ')).toEqual({ ok: true, value: null });
    expect(checkFieldValue(rule('text'), undefined)).toMatchObject({
      ok: false,
      error: { code: 'required', message: '请填写字段' },
    });
    expect(cleanValue('  a\u0000b\u202e  ')).toBe('ab');
  });

  it('every message names the field, says what to do and never repeats the value', () => {
    const id = withCheckCharacter('43012119480315001');
    const wrongId = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const c = checkFieldValue(rule('id_number', { label: '公民身份号码' }), wrongId);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.error.message).toContain('公民身份号码');
      expect(c.error.message).toContain('请核对');
      expect(c.error.message).not.toContain(wrongId);
    }
  });
});
