import { describe, expect, it } from 'vitest';
import { withCheckCharacter } from '../../../rules/citizen-id';
import { GENDER_BY_CODE, NATION_BY_CODE } from '../../../drivers/idcard/code-tables';
import { decodeTextBlock, parseCardDate } from '../../../drivers/idcard/text-block';
import { encodeTextBlock, type SimCard } from '../../../drivers/sim/idcard-encoder';
import { SAMPLE_CARDS, sampleCard } from '../../../drivers/sim/sample-cards';

function decode(card: SimCard) {
  const r = decodeTextBlock(encodeTextBlock(card));
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('text block of each card type', () => {
  it.each(SAMPLE_CARDS.map((s) => [s.id, s.card] as const))('%s decodes back to its fields', (_id, card) => {
    const got = decode(card);
    expect(got.cardType).toBe(card.cardType);
    expect(got.name).toBe(card.name);
    expect(got.gender).toBe(card.gender);
    expect(got.nation).toBe(card.cardType === 'resident' ? card.nation : null);
    expect(got.birthDate).toBe(card.birthDate);
    expect(got.address).toBe(card.address ?? '');
    expect(got.idNumber).toBe(card.idNumber);
    expect(got.issuer).toBe(card.issuer ?? '');
    expect(got.validFrom).toBe(card.validFrom);
    expect(got.validUntil).toBe(card.validUntil);
    expect(got.extra).toEqual(card.extra ?? {});
    expect(got.warnings).toEqual([]);
  });

  it('puts the type flag at byte 248 (space for resident cards)', () => {
    const flags = SAMPLE_CARDS.map((s) => String.fromCharCode(encodeTextBlock(s.card)[248]!));
    expect(new Set(flags)).toEqual(new Set([' ', 'J', 'I', 'Y']));
  });

  it('reads the resident layout at the documented offsets', () => {
    const block = encodeTextBlock(sampleCard('resident-long-term'));
    const at = (o: number, n: number) => Buffer.from(block.slice(o, o + n)).toString('utf16le');
    expect(at(0, 6)).toBe('李示范');
    expect(at(30, 2)).toBe('1');
    expect(at(32, 4)).toBe('01');
    expect(at(36, 16)).toBe('19480315');
    expect(at(204, 4)).toBe('长期');
    expect(block.length).toBe(256);
  });

  it('treats 长期 as no end date', () => {
    expect(decode(sampleCard('resident-long-term')).validUntil).toBeNull();
  });

  it('keeps a rare-character name intact (surrogate pair)', () => {
    const name = decode(sampleCard('resident-rare-character')).name;
    expect(name).toBe('赵𠈌䶮');
    expect(Array.from(name)).toHaveLength(3);
  });

  it('joins the 2023 English name across its two places, even with a space on the seam', () => {
    const card = sampleCard('foreign-permanent-2023');
    expect(decode(card).extra['englishName']).toBe(card.extra!['englishName']);
    expect(card.extra!['englishName']!.length).toBeGreaterThan(35);
  });

  it('decodes NUL padding like space padding', () => {
    const block = encodeTextBlock(sampleCard('resident-twenty-years'));
    for (let i = 0; i < block.length; i += 2) if (block[i] === 0x20 && block[i + 1] === 0) block[i] = 0;
    const r = decodeTextBlock(block);
    expect(r.ok && r.value.name).toBe('王测试');
    expect(r.ok && r.value.cardType).toBe('resident');
  });
});

describe('validation is reported, not silently accepted', () => {
  const base = sampleCard('resident-twenty-years');
  it('a wrong check character', () => {
    const bad = base.idNumber.slice(0, 17) + (base.idNumber[17] === '0' ? '1' : '0');
    expect(decode({ ...base, idNumber: bad }).warnings).toEqual(['id_check_character']);
  });
  it('a birth date that disagrees with the number', () => {
    expect(decode({ ...base, birthDate: '1979-11-03' }).warnings).toEqual(['id_birth_date_mismatch']);
  });
  it('a gender that disagrees with the number', () => {
    expect(decode({ ...base, gender: 'male' }).warnings).toEqual(['id_gender_mismatch']);
  });
  it('a J permit number is checked with the same rules', () => {
    const j = sampleCard('hk-mo-tw-residence');
    expect(decode({ ...j, idNumber: withCheckCharacter('81000019850421001') }).warnings).toEqual([
      'id_gender_mismatch',
    ]);
  });
  it('a 2017 permanent residence number in the wrong format', () => {
    expect(decode({ ...sampleCard('foreign-permanent-2017'), idNumber: '12345' }).warnings).toEqual([
      'permanent_residence_number_format',
    ]);
  });
  it('an impossible date and unknown codes', () => {
    const block = encodeTextBlock(base);
    Buffer.from('19791131', 'utf16le').copy(Buffer.from(block.buffer), 36); // 31 November
    Buffer.from('7', 'utf16le').copy(Buffer.from(block.buffer), 30);
    Buffer.from('77', 'utf16le').copy(Buffer.from(block.buffer), 32);
    const r = decodeTextBlock(block);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.warnings).toEqual(
      expect.arrayContaining([
        'birth_date_invalid',
        'unknown_gender_code',
        'unknown_nation_code',
        'id_birth_date_mismatch',
      ]),
    );
    expect(r.value.birthDate).toBe('19791131');
    expect(r.value.gender).toBe('unknown');
  });
});

describe('refusals', () => {
  it('an unknown type flag', () => {
    const block = encodeTextBlock(base());
    block[248] = 'Z'.charCodeAt(0);
    expect(decodeTextBlock(block)).toMatchObject({ ok: false, error: { code: 'unknown_card_type' } });
  });
  it('a block of the wrong length', () => {
    expect(decodeTextBlock(new Uint8Array(200))).toMatchObject({ ok: false, error: { code: 'text_block_length' } });
  });
  function base() {
    return sampleCard('resident-long-term');
  }
});

describe('code tables and dates', () => {
  it('has the four gender codes', () => {
    expect(GENDER_BY_CODE).toEqual({ '0': 'unknown', '1': 'male', '2': 'female', '9': 'unspecified' });
  });
  it('has 56 nations plus 97 and 98', () => {
    expect(NATION_BY_CODE.size).toBe(58);
    expect(NATION_BY_CODE.get('01')).toBe('汉');
    expect(NATION_BY_CODE.get('46')).toBe('德昂');
    expect(NATION_BY_CODE.get('56')).toBe('基诺');
    expect(NATION_BY_CODE.get('98')).toBe('外国血统中国籍人士');
  });
  it('every nation round-trips through a card', () => {
    for (const [, name] of NATION_BY_CODE)
      expect(decode({ ...sampleCard('resident-long-term'), nation: name }).nation).toBe(name);
  });
  it('parses real dates only', () => {
    expect(parseCardDate('20240229')).toBe('2024-02-29');
    expect(parseCardDate('20230229')).toBeNull();
    expect(parseCardDate('长期')).toBeNull();
  });
});
