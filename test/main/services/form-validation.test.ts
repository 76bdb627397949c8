import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../../main/services/catalog-schema';
import { cleanValue, validateFormValues } from '../../../main/services/form-validation';

const form: FormDefinition = {
  form_id: 'f', version: 1,
  fields: [
    { id: 'name', type: 'text', label: '姓名', required: true, prefill: 'id_card.name' },
    { id: 'phone', type: 'phone', label: '联系电话', required: true, max_length: 11 },
    { id: 'size', type: 'number', label: '家庭人口', required: true, pattern: '^[1-9][0-9]?$' },
    { id: 'kind', type: 'select', label: '类别', required: true, options: ['甲', '乙'] },
    { id: 'note', type: 'text', label: '备注', required: false, max_length: 5 },
    { id: 'weird', type: 'text', label: '怪', required: false, pattern: '(' },
  ],
};

describe('validateFormValues', () => {
  it('accepts good values and strips control characters and bidi overrides', () => {
    const r = validateFormValues(form, { phone: '13800001234', size: '3', kind: '甲', note: '\u0007好\u202e的\u001b[0m' });
    expect(r).toEqual({ ok: true, values: { phone: '13800001234', size: '3', kind: '甲', note: '好的[0m' } });
  });

  it('refuses values for pre-filled fields (the card is the source) and unknown fields', () => {
    const r = validateFormValues(form, { phone: '13800001234', size: '3', kind: '甲', name: 'Mallory', admin: '1' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).sort()).toEqual(['admin', 'name']);
  });

  it('reports every problem in plain Chinese', () => {
    const r = validateFormValues(form, { phone: '1234', size: '0', kind: '丙', note: '太长太长太长' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields.phone).toContain('手机');
    expect(r.fields.size).toContain('格式');
    expect(r.fields.kind).toContain('选择');
    expect(r.fields.note).toContain('最多5');
  });

  it('asks for missing required values and tolerates a broken pattern from platform data', () => {
    const r = validateFormValues(form, { weird: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields).toMatchObject({ phone: '请填写联系电话', size: '请填写家庭人口', kind: '请填写类别' });
    expect(cleanValue('  a\u0000b  ')).toBe('ab');
  });
});
