import { describe, expect, it } from 'vitest';
import { maskAddress, maskForReview, maskIdNumber, maskName, maskPhone } from '../../rules/masking';

describe('masking', () => {
  it('masks ID numbers as 4301**********0018', () => {
    expect(maskIdNumber('430121194803150018')).toBe('4301**********0018');
    expect(maskIdNumber('810000199001011234')).toBe('8100**********1234');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber('CAN310070013001')).toBe('CAN3*******3001');
    expect(maskIdNumber('H900')).toBe('****');
  });

  it('masks names by code point, including rare characters outside the BMP', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳修远')).toBe('欧**远');
    expect(maskName('𠈌明')).toBe('𠈌*');
    expect(maskName('李𠈌明')).toBe('李*明');
    expect(maskName('王')).toBe('*');
    expect(maskName('𠈌䶮')).toBe('𠈌*');
    expect(maskName('')).toBe('');
    expect(maskName('JOHN SMITH')).toBe('J*** S****');
  });

  it('masks phones and addresses', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskAddress('湖南省长沙县示例镇样板村三组18号')).toBe('湖南省长沙县****');
  });

  describe('maskForReview', () => {
    it('masks phones and long digit runs, leaves short answers', () => {
      expect(maskForReview('phone', '13800138000')).toBe('138****8000');
      expect(maskForReview('digits', '6222021234567890123')).toBe('6222***********0123');
      expect(maskForReview('digits', '123456')).toBe('123456');
      expect(maskForReview('select', '本人办理')).toBe('本人办理');
      expect(maskForReview('number', '3')).toBe('3');
      expect(maskForReview('phone', '0731-84567890')).toBe('0731-84567890');
      expect(maskForReview('id_number', '11010519491231002X')).toBe('1101**********002X');
    });
  });
});
