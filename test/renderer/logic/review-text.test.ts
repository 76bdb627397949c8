import { describe, expect, it } from 'vitest';
import { reviewText } from '../../../renderer/logic/review-text';

describe('reviewText', () => {
  it('shows option labels and 是/否 instead of stored values', () => {
    const field = {
      id: 'h',
      label: '困难',
      type: 'multiselect' as const,
      required: false,
      options: [
        { value: 'illness', label: '因病' },
        { value: 'disability', label: '因残' },
      ],
    };
    const yesNo = { yes: '是', no: '否' };
    expect(reviewText(field, ['illness', 'disability'], yesNo)).toBe('因病、因残');
    expect(reviewText({ ...field, type: 'select' }, 'illness', yesNo)).toBe('因病');
    expect(reviewText({ ...field, type: 'checkbox' }, false, yesNo)).toBe('否');
    expect(reviewText({ ...field, type: 'phone' }, '13800138000', yesNo)).toBe('138****8000');
  });
});
