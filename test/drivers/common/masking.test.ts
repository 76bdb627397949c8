import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../../drivers/common/masking';

describe('masking', () => {
  it('masks ID numbers as 4301**********0018', () => {
    expect(maskIdNumber('430121194803150018')).toBe('4301**********0018');
    expect(maskIdNumber('810000199001011234')).toBe('8100**********1234');
    expect(maskIdNumber('123')).toBe('***');
  });

  it('masks names by code point, including rare characters outside the BMP', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳修远')).toBe('欧**远');
    expect(maskName('𠈌明')).toBe('𠈌*');
    expect(maskName('李𠈌明')).toBe('李*明');
    expect(maskName('王')).toBe('*');
    expect(maskName('JOHN SMITH')).toBe('J*** S****');
  });

  it('masks phones and addresses', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskAddress('湖南省长沙县示例镇样板村三组18号')).toBe('湖南省长沙县****');
  });
});
