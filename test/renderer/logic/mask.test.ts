import { describe, expect, it } from 'vitest';
import { maskForReview } from '../../../renderer/logic/mask';

describe('maskForReview', () => {
  it('masks phones and long digit runs, leaves short answers', () => {
    expect(maskForReview('phone', '13800138000')).toBe('138****8000');
    expect(maskForReview('digits', '6222021234567890123')).toBe('6222***********0123');
    expect(maskForReview('digits', '123456')).toBe('123456');
    expect(maskForReview('select', '本人办理')).toBe('本人办理');
    expect(maskForReview('number', '3')).toBe('3');
  });
});
