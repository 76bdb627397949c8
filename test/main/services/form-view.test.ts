import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormField } from '../../../main/services/catalog-schema';
import { CatalogService } from '../../../main/services/catalog-service';
import { validateFormValues } from '../../../main/services/form-validation';
import { fieldView } from '../../../main/services/form-view';
import { checkAnswer } from '../../../renderer/logic/form-steps';

const catalog = CatalogService.fromFile(new URL('../../../seed/catalog.json', import.meta.url));
const asked: FormField[] = catalog.services().flatMap((s) => catalog.form(s.form_id)!.fields.filter((f) => !f.prefill));

describe('fieldView', () => {
  it('gives the screen every rule input of the catalogue field, bank accounts on the keypad', () => {
    const bank = asked.find((f) => f.key === 'bank_account')!;
    expect(fieldView(bank)).toMatchObject({
      id: 'bank_account',
      type: 'digits',
      pattern: '\\d{12,19}',
      maxLength: 19,
      required: true,
    });
    expect(fieldView(asked.find((f) => f.key === 'contract_no')!).type).toBe('text');
  });

  it('the screen reports exactly the message the host reports, for every seeded field', () => {
    const answer = fc.oneof(
      fc.string({ maxLength: 24 }),
      fc.stringMatching(/^[0-9X-]{0,22}$/),
      fc.constantFrom('6217002870012345678', '1', '13800138000', '2024-02-30', '1899-01-01', '2024-02-29', '20', '0'),
      fc.boolean(),
      fc.array(fc.constantFrom('a', 'illness', 'disability', ''), { maxLength: 3 }),
    );
    let refused = 0;
    for (const field of asked) {
      const form = { id: 'f', version: 1, title: 't', fields: [field] };
      const options = (field.options ?? []).map((o) => o.value);
      fc.assert(
        fc.property(fc.oneof(answer, fc.constantFrom(...(options.length > 0 ? options : ['x']))), (value) => {
          const host = validateFormValues(form, { [field.key]: value });
          const screen = checkAnswer(fieldView(field), value);
          expect(screen?.message).toBe(host.ok ? undefined : host.fields[field.key]);
          if (!host.ok) refused += 1;
        }),
        { numRuns: 150 },
      );
    }
    expect(refused).toBeGreaterThan(100);
  });
});
