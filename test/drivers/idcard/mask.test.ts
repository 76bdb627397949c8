import { describe, expect, it } from 'vitest';
import type { IdentityCard } from '../../../drivers/idcard/identity';
import { cardForDisplay } from '../../../drivers/idcard/mask';

describe('cardForDisplay', () => {
  it('masks every personal field of a card view', () => {
    const card: IdentityCard = {
      cardType: 'hk_mo_tw_residence',
      name: '陈样本',
      gender: 'female',
      nation: null,
      birthDate: '1985-04-21',
      address: '广东省深圳市示例区演练路1号',
      idNumber: '810000198504210026',
      issuer: '示例分局',
      validFrom: '2022-05-10',
      validUntil: null,
      extra: { passNumber: 'H90000001', issueCount: '01' },
      photoWlt: new Uint8Array(1024),
      warnings: [],
    };
    const text = JSON.stringify(cardForDisplay(card, false));
    for (const secret of ['陈样本', '810000198504210026', '演练路', 'H90000001', '04-21'])
      expect(text).not.toContain(secret);
    expect(cardForDisplay(card, false)).toMatchObject({
      validUntil: '长期',
      photoBytes: 1024,
      extra: { issueCount: '01' },
    });
    expect(cardForDisplay(card, true)).toMatchObject({ name: '陈样本', idNumber: '810000198504210026' });
  });
});
