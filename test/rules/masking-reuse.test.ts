import { describe, expect, it } from 'vitest';
import { maskForReuse } from '../../rules/masking';

describe('maskForReuse: an earlier answer offered again', () => {
  it('masks phones, bank accounts and address details so a bystander learns little', () => {
    expect(maskForReuse('phone', '13912345678')).toBe('139****5678');
    expect(maskForReuse('phone', '0731-84561234')).toBe('073******1234');
    expect(maskForReuse('text', '6217002870012345678')).toBe('6217***********5678');
    expect(maskForReuse('text', '示例镇样板村三组18号')).toBe('示例镇样板****');
    expect(maskForReuse('textarea', '')).toBe('');
  });
});
