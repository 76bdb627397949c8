import { describe, expect, it } from 'vitest';
import { rejectionReason } from '../../../main/services/rejection-reason';
import type { FormDefinition } from '../../../main/services/catalog-schema';

const form = {
  id: 'form-yl-rz',
  version: 1,
  title: '资格认证',
  fields: [
    { key: 'phone', type: 'phone', label: '联系电话', required: false },
    { key: 'residence_status', type: 'select', label: '居住状况', required: true },
  ],
} as unknown as FormDefinition;

describe('the platform’s rejection in plain Chinese', () => {
  it('says what the code means and names each field by its label', () => {
    expect(rejectionReason('validation_failed', 'phone: 格式不符; residence_status: 必填', form)).toBe(
      '平台检查发现有几项填得不对，请核对后修改，再重新提交（联系电话：格式不符；居住状况：必填）',
    );
  });

  it('keeps a field it does not know by its key, and a message without fields as it is', () => {
    expect(rejectionReason('validation_failed', 'spouse_name: 必填', form)).toContain('spouse_name: 必填');
    expect(rejectionReason('dependency_rejected', null, form)).toBe('它所依赖的申请已被退回，请先处理那一件');
  });

  it('has a plain Chinese answer for a code it does not know', () => {
    expect(rejectionReason('something_new', null, null)).toMatch(/平台退回了这份申请/);
  });
});
