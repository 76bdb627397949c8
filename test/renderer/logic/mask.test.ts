import { describe, expect, it } from 'vitest';
import { maskForReview, reviewText } from '../../../renderer/logic/mask';

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

  it('shows option labels and 是/否 instead of stored values', () => {
    const field = { id: 'h', label: '困难', type: 'multiselect' as const, required: false, options: [{ value: 'illness', label: '因病' }, { value: 'disability', label: '因残' }] };
    const yesNo = { yes: '是', no: '否' };
    expect(reviewText(field, ['illness', 'disability'], yesNo)).toBe('因病、因残');
    expect(reviewText({ ...field, type: 'select' }, 'illness', yesNo)).toBe('因病');
    expect(reviewText({ ...field, type: 'checkbox' }, false, yesNo)).toBe('否');
    expect(reviewText({ ...field, type: 'phone' }, '13800138000', yesNo)).toBe('138****8000');
  });
});
