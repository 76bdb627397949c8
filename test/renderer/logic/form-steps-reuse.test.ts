import { describe, expect, it } from 'vitest';
import type { FormView } from '../../../main/contract/views';
import {
  chooseEarlier,
  dropEarlier,
  isReused,
  next,
  setValue,
  startForm,
  submittedValues,
} from '../../../renderer/logic/form-steps';

const form: FormView = {
  serviceCode: 'GL-JT',
  serviceName: '高龄津贴申请',
  formId: 'form-gl-jt',
  version: 1,
  fields: [
    { id: 'phone', label: '联系电话', type: 'phone', required: true, reuseDisplay: '139****5678' },
    { id: 'bank_account', label: '社保卡金融账户或一折通账号', type: 'digits', required: true, pattern: '\\d{12,19}' },
  ],
};

describe('使用上次填写的 / 重新填写 on the form steps', () => {
  it('a chosen earlier answer passes the required check and is sent as a reuse key, not as a value', () => {
    const p = chooseEarlier(startForm(form), 'phone');
    expect(isReused(p, 'phone')).toBe(true);
    const r = next(p);
    expect(r.progress.index).toBe(1);
    expect(submittedValues(r.progress)).toEqual({});
    expect(r.progress.reused).toEqual(['phone']);
  });

  it('is refused for a field the host did not offer', () => {
    const p = chooseEarlier(startForm(form), 'bank_account');
    expect(p.reused).toEqual([]);
  });

  it('typing an answer, or 重新填写, drops the earlier one; the required check applies again', () => {
    const chosen = chooseEarlier(startForm(form), 'phone');
    const typed = setValue(chosen, 'phone', '13800138000');
    expect(typed.reused).toEqual([]);
    expect(submittedValues(typed)).toEqual({ phone: '13800138000' });

    const retyped = dropEarlier(chosen, 'phone');
    expect(retyped.reused).toEqual([]);
    expect(next(retyped)).toMatchObject({ done: false, progress: { index: 0, errors: { phone: { kind: 'local' } } } });
  });

  it('choosing the earlier answer clears what was typed before', () => {
    const typed = setValue(startForm(form), 'phone', '1380013');
    const chosen = chooseEarlier(typed, 'phone');
    expect(chosen.values).toEqual({});
    expect(isReused(chosen, 'phone')).toBe(true);
  });
});
