import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BundleSubmitResult, FormView, SessionView } from '../../../main/contract/views';
import { createVillagerController } from '../../../renderer/villager/controller';
import { createSilentVoiceGuide } from '../../../renderer/voice/voice-guide';
import { fakeApi, ok, stationInfo } from '../fake-api';

const session: SessionView = {
  sessionId: 's1',
  maskedName: '王*华',
  maskedIdNumber: '4301**********0018',
  honorific: '女士',
  cardType: 'id',
  warnings: [],
};
const combined: FormView = {
  serviceCode: 'YJS-LNGA',
  serviceName: '老年人关爱一件事',
  formId: 'bundle:YJS-LNGA',
  version: 1,
  fields: [{ id: 'phone', label: '联系电话', type: 'phone', required: true }],
  bundleServices: ['高龄津贴申请', '城乡居民医保参保登记'],
};
const saved: BundleSubmitResult = {
  txId: 't1',
  localNumber: '1234-5678-9012',
  savedAt: '2026-12-05T00:00:00.000Z',
  print: { printed: true },
  bundle: {
    code: 'YJS-LNGA',
    name: '老年人关爱一件事',
    members: [
      { txId: 't1', localNumber: '1234-5678-9012', serviceName: '高龄津贴申请' },
      { txId: 't2', localNumber: '2345-6789-0120', serviceName: '城乡居民医保参保登记' },
    ],
  },
};

describe('一件事一次办 in the villager controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lists bundles, opens the combined form on the usual form steps and submits it as one bundle', async () => {
    const fake = fakeApi({
      'system.info': () => stationInfo(),
      'session.current': () => ok(null),
      'notices.list': () => ok({ notices: [] }),
      'catalog.list': () =>
        ok({
          services: [],
          bundles: [
            { code: 'YJS-LNGA', name: '老年人关爱一件事', description: '', serviceNames: combined.bundleServices! },
          ],
        }),
      'catalog.bundleForm': () => ok(combined),
      'tx.submitBundle': () => ok(saved),
    });
    const c = createVillagerController(fake.api, createSilentVoiceGuide());
    await c.start();
    fake.emit('session.changed', session);
    await vi.waitFor(() => expect(c.state.bundles.value).toHaveLength(1));
    await c.chooseBundle('YJS-LNGA');
    expect(c.state.screen.value.name).toBe('form');
    c.nextStep();
    // The usual field rules: an empty required phone does not pass.
    expect(c.state.screen.value.name).toBe('form');
    c.answer('phone', '13800138000');
    c.nextStep();
    expect(c.state.screen.value.name).toBe('review');
    await c.submit();
    const submitted = fake.calls.filter((x) => x.method === 'tx.submitBundle' || x.method === 'tx.submit');
    expect(submitted).toEqual([
      {
        method: 'tx.submitBundle',
        args: { bundleCode: 'YJS-LNGA', values: { phone: '13800138000' }, requestId: expect.any(String) },
      },
    ]);
    expect(c.state.screen.value).toEqual({ name: 'done', result: saved });
    await c.goHome();
    expect(c.state.bundles.value).toEqual([]);
  });
});
