import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../../drivers/sim/sample-cards';
import { identityFromSample } from '../../../main/host/devices';
import { catalogSeedSchema, type FormField } from '../../../main/services/catalog-schema';
import { cardGapsMessage, checkPrefilledValues } from '../../../main/services/form-validation';
import { fieldView } from '../../../main/services/form-view';
import { checkFieldValue, fieldRule } from '../../../rules/field-rules';
import { validateApplicationPayload } from '../../../sync/platform/validate-payload';
import { readFileSync } from 'node:fs';

const seed = catalogSeedSchema.parse(
  JSON.parse(readFileSync(new URL('../../../seed/catalog.json', import.meta.url), 'utf8')),
);
const station = { name: '样板村便民服务站', regionCode: '430121100202', hotline: '12345' };
const formOf = (code: string) => seed.forms.find((f) => f.id === seed.services.find((s) => s.code === code)!.form_id)!;
const nameFields = seed.forms.flatMap((f) => f.fields.filter((x) => x.prefill === 'id_card.name'));

/** The host's verdict and the reference platform's, for one value of one field. */
function bothSides(field: FormField, value: string): { host: boolean; platform: boolean } {
  const host = checkFieldValue(fieldRule(fieldView(field)), value).ok;
  const form = { id: 'f', version: 1, title: 't', fields: [field] };
  const platform = validateApplicationPayload({ proxy_allowed: false } as never, form as never, {
    fields: { [field.key]: value },
  }).ok;
  return { host, platform };
}

describe('the catalogue rule for names taken from the card', () => {
  it('is the same rule in every form', () => {
    expect(nameFields.length).toBe(seed.forms.length);
    expect(new Set(nameFields.map((f) => `${f.pattern}|${f.max_length}`)).size).toBe(1);
  });

  it('accepts every real name a card can carry, on the terminal and on the platform alike', () => {
    const names = [
      ...SAMPLE_CARDS.map((s) => s.card.name),
      '赵𠈌䶮', // CJK extension B and A (the rare-character sample card)
      '𪚥𫝀𬌗𰻞', // extensions C, D, E, G
      '阿依古丽·买买提',
      // Foreign permanent residence cards without a Chinese name give the Latin name as printed.
      'SAMPLE, ANDREW EXAMPLE',
      'TESTPERSON, MARIE EXAMPLE FICTIONAL NAME',
      "O'BRIEN-SMITH, ANNE-MARIE J.",
    ];
    for (const name of names) expect(bothSides(nameFields[0]!, name), name).toEqual({ host: true, platform: true });
  });

  it('still refuses what is not a name, on both sides', () => {
    for (const bad of ['李', 'mallory', '李A', '1234', '<b>张三</b>', 'A', '张 三', 'ABC'.repeat(21)]) {
      expect(bothSides(nameFields[0]!, bad), bad).toEqual({ host: false, platform: false });
    }
  });
});

describe('checkPrefilledValues: what each sample card can complete', () => {
  const services = seed.services.filter((s) => s.active).map((s) => s.code);
  const completes = (id: string) =>
    services.filter(
      (code) =>
        checkPrefilledValues(formOf(code), identityFromSample(SAMPLE_CARDS.find((s) => s.id === id)!.card), station).ok,
    );

  it('lets resident and residence-permit cards complete every service', () => {
    for (const id of ['resident-long-term', 'resident-twenty-years', 'resident-rare-character', 'hk-mo-tw-residence']) {
      expect(completes(id), id).toEqual(services);
    }
  });

  it('refuses the 2017 permit everywhere (its number is no 公民身份号码) and the 2023 card where a 户籍地址 is needed', () => {
    expect(completes('foreign-permanent-2017')).toEqual([]);
    expect(completes('foreign-permanent-2023')).toEqual(['NY-BT']);
  });

  it('returns typed values and names what is missing or unfit, never the values', () => {
    const rare = checkPrefilledValues(formOf('YL-RZ'), identityFromSample(SAMPLE_CARDS[2]!.card), station);
    expect(rare).toMatchObject({
      ok: true,
      values: { applicant_name: '赵𠈌䶮', household_address: '广西壮族自治区示例县模拟村' },
    });

    const foreign = identityFromSample(SAMPLE_CARDS.find((s) => s.id === 'foreign-permanent-2023')!.card);
    const r = checkPrefilledValues(formOf('YL-RZ'), foreign, station);
    expect(r).toEqual({ ok: false, gaps: { missing: ['户籍地址'], unfit: [] } });
    if (r.ok) return;
    const message = cardGapsMessage(r.gaps);
    expect(message).toContain('户籍地址');
    expect(message).toContain('请找工作人员帮您办理');

    const old = identityFromSample(SAMPLE_CARDS.find((s) => s.id === 'foreign-permanent-2017')!.card);
    const r2 = checkPrefilledValues(formOf('YL-RZ'), old, station);
    expect(r2).toEqual({ ok: false, gaps: { missing: ['户籍地址'], unfit: ['公民身份号码'] } });
    if (!r2.ok) expect(cardGapsMessage(r2.gaps)).not.toContain(old.idNumber);
  });

  it('takes a foreign card without a Chinese name by its Latin name', () => {
    const card = {
      ...identityFromSample(SAMPLE_CARDS.find((s) => s.id === 'foreign-permanent-2023')!.card),
      name: 'TESTPERSON, MARIE EXAMPLE FICTIONAL NAME',
    };
    expect(checkPrefilledValues(formOf('NY-BT'), card, station)).toMatchObject({
      ok: true,
      values: { applicant_name: card.name },
    });
  });
});
