import { describe, expect, it } from 'vitest';
import { combineBundleForm, memberValues } from '../../../main/services/bundle-form';
import type { FormDefinition, FormField, ServiceItem } from '../../../main/services/catalog-schema';

const field = (key: string, over: Partial<FormField> = {}): FormField => ({
  key,
  type: 'text',
  label: key,
  required: false,
  ...over,
});
const form = (id: string, fields: FormField[]): FormDefinition => ({ id, version: 1, title: id, fields });
const service = (code: string, formId: string) => ({ code, name: code, form_id: formId, version: 1 }) as ServiceItem;
const bundle = { code: 'B', name: '一件事', description: '', services: ['S1', 'S2'], version: 1, active: true };

function catalog(forms: FormDefinition[]) {
  const services = [service('S1', forms[0]!.id), service('S2', forms[1]!.id)];
  return {
    service: (code: string) => services.find((s) => s.code === code) ?? null,
    form: (id: string) => forms.find((f) => f.id === id) ?? null,
  };
}

describe('the combined form of a bundle', () => {
  it('asks a shared field once, required when any member requires it', () => {
    const r = combineBundleForm(
      bundle,
      catalog([
        form('f1', [field('phone', { type: 'phone' }), field('a')]),
        form('f2', [field('phone', { type: 'phone', required: true }), field('b')]),
      ]),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.form.fields.map((f) => [f.key, f.required])).toEqual([
      ['phone', true],
      ['a', false],
      ['b', false],
    ]);
    expect(memberValues(r.value.members[1]!.form, { phone: '13800138000', a: 'x', b: 'y' })).toEqual({
      phone: '13800138000',
      b: 'y',
    });
  });

  it('is not offered when members give one key different rules', () => {
    const r = combineBundleForm(
      bundle,
      catalog([
        form('f1', [field('code', { pattern: '\\d{6}' })]),
        form('f2', [field('code', { pattern: '[A-Z]{6}' })]),
      ]),
    );
    expect(r).toEqual({ ok: false, reason: 'conflict', key: 'code' });
  });

  it('is not offered when a member service or its form is missing', () => {
    expect(combineBundleForm({ ...bundle, services: ['S1', 'S9'] }, catalog([form('f1', []), form('f2', [])]))).toEqual(
      {
        ok: false,
        reason: 'member_unavailable',
      },
    );
  });
});
