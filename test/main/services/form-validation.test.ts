import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField, ServiceItem } from '../../../main/services/catalog-schema';
import { validateFormValues } from '../../../main/services/form-validation';
import { cleanValue } from '../../../rules/field-rules';
import { CatalogService } from '../../../main/services/catalog-service';
import { validateApplicationPayload } from '../../../sync/platform/validate-payload';

const form: FormDefinition = {
  id: 'f',
  version: 1,
  title: 't',
  fields: [
    { key: 'name', type: 'text', label: '姓名', required: true, prefill: 'id_card.name' },
    { key: 'phone', type: 'phone', label: '联系电话', required: true, max_length: 13 },
    { key: 'size', type: 'number', label: '家庭人口', required: true, min: 1, max: 20 },
    {
      key: 'kind',
      type: 'select',
      label: '类别',
      required: true,
      options: [
        { value: 'a', label: '甲' },
        { value: 'b', label: '乙' },
      ],
    },
    { key: 'note', type: 'textarea', label: '备注', required: false, max_length: 5 },
    { key: 'card', type: 'text', label: '银行卡号', required: false, pattern: '\\d{12,19}' },
    {
      key: 'many',
      type: 'multiselect',
      label: '情形',
      required: false,
      options: [
        { value: 'x', label: 'X' },
        { value: 'y', label: 'Y' },
      ],
    },
    { key: 'agree', type: 'checkbox', label: '同意核对', required: true },
    { key: 'weird', type: 'text', label: '怪', required: false, pattern: '(' },
  ],
};

describe('validateFormValues', () => {
  it('accepts good values, types them for the platform and strips control characters', () => {
    const r = validateFormValues(form, {
      phone: '13800001234',
      size: '3',
      kind: 'a',
      note: '\u0007好\u202e的\u200b',
      many: ['y', 'y'],
      agree: true,
    });
    expect(r).toEqual({
      ok: true,
      values: { phone: '13800001234', size: 3, kind: 'a', note: '好的', many: ['y'], agree: true },
    });
  });

  it('refuses values for pre-filled fields (the card is the source) and unknown fields', () => {
    const r = validateFormValues(form, {
      phone: '13800001234',
      size: '3',
      kind: 'a',
      agree: true,
      name: 'Mallory',
      admin: '1',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).sort()).toEqual(['admin', 'name']);
  });

  it('reports every problem in plain Chinese', () => {
    const r = validateFormValues(form, {
      phone: '1234',
      size: '0',
      kind: '丙',
      note: '太长太长太长',
      card: '12ab',
      many: ['z'],
      agree: false,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields.phone).toContain('手机');
    expect(r.fields.size).toContain('不能小于1');
    expect(r.fields.kind).toContain('选择');
    expect(r.fields.note).toContain('最多5');
    expect(r.fields.card).toContain('应为12到19位数字');
    expect(r.fields.many).toContain('选择');
    expect(r.fields.agree).toContain('同意');
  });

  it('refuses wrong value shapes (an array for text, text for a checkbox)', () => {
    const r = validateFormValues(form, { phone: ['13800001234'], size: '3', kind: 'a', agree: 'yes' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).sort()).toEqual(['agree', 'phone']);
  });

  it('asks for missing required values and tolerates a broken pattern from platform data', () => {
    const r = validateFormValues(form, { weird: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.fields).toMatchObject({
        phone: '请填写联系电话',
        size: '请填写家庭人口',
        kind: '请选择类别',
        agree: expect.stringContaining('同意'),
      });
    expect(cleanValue('  a\u0000b  ')).toBe('ab');
  });

  it('accepts nothing the platform would reject (shipped catalogue, random inputs)', () => {
    const catalog = CatalogService.fromFile(new URL('../../../seed/catalog.json', import.meta.url));
    const services: ServiceItem[] = catalog.services();
    expect(services.length).toBeGreaterThanOrEqual(6);
    const garbage = fc.oneof(
      fc.string({ maxLength: 25 }),
      fc.boolean(),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    );
    const plausible = (f: FormField): fc.Arbitrary<unknown> => {
      const opts = (f.options ?? []).map((o) => o.value);
      switch (f.type) {
        case 'select':
          return fc.constantFrom(...opts);
        case 'multiselect':
          return fc.subarray(opts);
        case 'checkbox':
          return fc.boolean();
        case 'phone':
          return fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^0\d{2,3}-\d{7,8}$/));
        case 'number':
          return fc.integer({ min: (f.min ?? 0) - 2, max: (f.max ?? 3000) + 2 }).map(String);
        case 'date':
          return fc.constantFrom('2024-02-29', '2023-02-29', '1950-01-01');
        case 'id_number':
          return fc.constantFrom('430121194803150017', '430121194803150018');
        default:
          return f.pattern
            ? fc.stringMatching(new RegExp(`^(?:${f.pattern})$`))
            : fc.string({ minLength: 1, maxLength: (f.max_length ?? 40) + 2 });
      }
    };
    for (const service of services) {
      const f = catalog.form(service.form_id)!;
      const asked = f.fields.filter((x) => !x.prefill);
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.record(
            Object.fromEntries(
              asked.map((x) => [
                x.key,
                fc.oneof({ arbitrary: plausible(x), weight: 9 }, { arbitrary: garbage, weight: 1 }),
              ]),
            ),
          ),
          (input) => {
            const r = validateFormValues(f, input as Record<string, string | string[] | boolean>);
            if (!r.ok) return;
            accepted += 1;
            const prefilled = Object.fromEntries(
              f.fields
                .filter((x) => x.prefill)
                .map((x) => [
                  x.key,
                  x.type === 'id_number'
                    ? '430121194803150017'
                    : x.type === 'date'
                      ? '1948-03-15'
                      : x.type === 'select'
                        ? x.options![0]!.value
                        : '李示范',
                ]),
            );
            const check = validateApplicationPayload(service, f, {
              mode: 'self',
              fields: { ...prefilled, ...r.values },
            });
            expect(check).toEqual({ ok: true });
          },
        ),
        { numRuns: 300 },
      );
      // The property is only worth something if many inputs were accepted.
      expect(accepted, service.code).toBeGreaterThan(10);
    }
  });
});
