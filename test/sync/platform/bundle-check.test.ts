import { describe, expect, it } from 'vitest';
import { checkBundleMembership } from '../../../sync/platform/bundle-check';

const published = [
  {
    code: 'YJS-LNGA',
    name: '老年人关爱一件事',
    description: '',
    services: ['GL-JT', 'YL-RZ', 'YB-CB'],
    version: 1,
    active: true,
  },
  { code: 'YJS-OLD', name: '已停办的一件事', description: '', services: ['GL-JT', 'YL-RZ'], version: 1, active: false },
];
const members = ['a', 'b', 'c'];

describe('the platform checks bundle members against its own catalogue', () => {
  it('accepts a member of a published bundle with as many members as services', () => {
    expect(checkBundleMembership({ code: 'YJS-LNGA', members }, 'YL-RZ', published)).toEqual({ ok: true });
  });

  it('refuses an unknown or withdrawn bundle, a service outside it, and a wrong member count', () => {
    const refusals = [
      checkBundleMembership({ code: 'YJS-NONE', members }, 'YL-RZ', published),
      checkBundleMembership({ code: 'YJS-OLD', members: ['a', 'b'] }, 'YL-RZ', published),
      checkBundleMembership({ code: 'YJS-LNGA', members }, 'HJ-ZM', published),
      checkBundleMembership({ code: 'YJS-LNGA', members: ['a', 'b'] }, 'YL-RZ', published),
      checkBundleMembership({ code: 'YJS-LNGA', members }, 'YL-RZ', undefined),
    ];
    for (const r of refusals)
      expect(r).toMatchObject({ ok: false, message: expect.stringContaining('payload.bundle') });
  });
});
