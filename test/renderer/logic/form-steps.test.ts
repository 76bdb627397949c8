import { describe, expect, it } from 'vitest';
import type { FormView } from '../../../main/contract/views';
import {
  applyHostErrors,
  back,
  currentField,
  goToField,
  next,
  setValue,
  startForm,
  submittedValues,
} from '../../../renderer/logic/form-steps';

const form: FormView = {
  serviceCode: 'elderly-allowance',
  serviceName: '高龄津贴申请',
  formId: 'f1',
  version: 1,
  fields: [
    { id: 'name', label: '姓名', type: 'text', required: true, prefilledDisplay: '王*华' },
    { id: 'phone', label: '联系电话', type: 'phone', required: true },
    {
      id: 'bank',
      label: '收款方式',
      type: 'select',
      required: true,
      options: [
        { value: 'bank', label: '银行卡' },
        { value: 'sscard', label: '社保卡' },
      ],
    },
    { id: 'note', label: '备注', type: 'text', required: false, maxLength: 4 },
    { id: 'birth', label: '出生日期', type: 'date', required: false },
  ],
};

describe('form steps', () => {
  it('shows card fields read-only and asks only the missing ones', () => {
    const p = startForm(form);
    expect(p.prefilled.map((f) => f.id)).toEqual(['name']);
    expect(p.asked.map((f) => f.id)).toEqual(['phone', 'bank', 'note', 'birth']);
    expect(currentField(p)?.id).toBe('phone');
  });

  it('stays on a step with a bad answer and moves on with a good one', () => {
    let p = startForm(form);
    let r = next(p);
    expect(r.done).toBe(false);
    expect(r.progress.index).toBe(0);
    expect(r.progress.errors.phone).toMatchObject({ kind: 'local', problem: 'required', message: '请填写联系电话' });
    p = setValue(r.progress, 'phone', '12800138000');
    r = next(p);
    expect(r.progress.errors.phone).toMatchObject({
      kind: 'local',
      problem: 'phone',
      message: expect.stringContaining('手机号码'),
    });
    p = setValue(r.progress, 'phone', '13800138000');
    expect(p.errors.phone).toBeUndefined();
    r = next(p);
    expect(currentField(r.progress)?.id).toBe('bank');
    p = setValue(r.progress, 'bank', 'cash');
    expect(next(p).progress.errors.bank).toMatchObject({ kind: 'local', problem: 'option' });
  });

  it('lets optional fields be skipped and finishes after the last step', () => {
    let p = setValue(startForm(form), 'phone', '13800138000');
    p = next(p).progress;
    p = next(setValue(p, 'bank', 'sscard')).progress;
    p = next(p).progress; // note skipped
    expect(currentField(p)?.id).toBe('birth');
    p = setValue(p, 'birth', '2024-02-30');
    expect(next(p).progress.errors.birth).toMatchObject({
      kind: 'local',
      problem: 'date',
      message: expect.stringContaining('出生日期'),
    });
    p = setValue(p, 'birth', '2024-02-29');
    const r = next(p);
    expect(r.done).toBe(true);
    expect(submittedValues(r.progress)).toEqual({ phone: '13800138000', bank: 'sscard', birth: '2024-02-29' });
  });

  it('goes back, leaves from the first step, and jumps to a field from review', () => {
    let p = next(setValue(startForm(form), 'phone', '13800138000')).progress;
    const b = back(p);
    expect(b.left).toBe(false);
    expect(currentField(b.progress)?.id).toBe('phone');
    expect(back(b.progress).left).toBe(true);
    p = goToField(p, 'birth');
    expect(currentField(p)?.id).toBe('birth');
    expect(goToField(p, 'nope')).toBe(p);
  });

  it('sends host validation messages back to the first named field', () => {
    const p = goToField(startForm(form), 'birth');
    const moved = applyHostErrors(p, { note: '备注太长', bank: '请选择收款方式' });
    expect(moved && currentField(moved)?.id).toBe('bank');
    expect(moved?.errors.note).toEqual({ kind: 'host', message: '备注太长' });
    expect(applyHostErrors(p, { name: '姓名不对' })).toBeNull();
  });

  it('catches a bank account the host would refuse, on its own step (the view carries the pattern)', () => {
    const bankForm: FormView = {
      ...form,
      fields: [{ id: 'acct', label: '银行账号', type: 'digits', required: true, pattern: '\\d{12,19}', maxLength: 19 }],
    };
    const short = next(setValue(startForm(bankForm), 'acct', '1'));
    expect(short.done).toBe(false);
    expect(short.progress.errors.acct).toMatchObject({
      kind: 'local',
      problem: 'pattern',
      message: expect.stringContaining('银行账号'),
    });
    expect(next(setValue(startForm(bankForm), 'acct', '6217002870012345678')).done).toBe(true);
  });

  it('submits only answered fields', () => {
    const multi = {
      id: 'x',
      label: 'x',
      type: 'multiselect' as const,
      required: false,
      options: [{ value: 'a', label: 'A' }],
    };
    const yes = { id: 'ok', label: '同意', type: 'checkbox' as const, required: true };
    expect(
      submittedValues(setValue(setValue(startForm({ ...form, fields: [multi, yes] }), 'x', []), 'ok', true)),
    ).toEqual({ ok: true });
  });
});
