import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../../main/contract/result';
import type { FormView, SessionView } from '../../../main/contract/views';
import { createVillagerController, STEP_GUARD_MS } from '../../../renderer/villager/controller';
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
const form: FormView = {
  serviceCode: 'gaoling',
  serviceName: '高龄津贴申请',
  formId: 'f',
  version: 1,
  fields: [
    { id: 'name', label: '姓名', type: 'text', required: true, prefilledDisplay: '王*华' },
    { id: 'phone', label: '联系电话', type: 'phone', required: true },
  ],
};

function journeyApi(submit: (args: unknown) => Promise<ApiResult<unknown>> | ApiResult<unknown>) {
  return fakeApi({
    'system.info': () => stationInfo(),
    'session.current': () => ok(null),
    'session.end': () => ok({ ended: true }),
    'catalog.list': () => ok({ services: [] }),
    'catalog.form': () => ok(form),
    'tx.submit': submit,
  });
}

async function toReview(c: ReturnType<typeof createVillagerController>, emit: ReturnType<typeof fakeApi>['emit']) {
  await c.start();
  emit('session.changed', session);
  await c.chooseService('gaoling');
  c.answer('phone', '13800138000');
  c.nextStep();
}

describe('villager controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('walks card → services → form → review → done, and a double tap saves once', async () => {
    let release!: () => void;
    const { api, calls, emit } = journeyApi(
      () =>
        new Promise((r) => {
          release = () =>
            r(
              ok({
                txId: 't',
                localNumber: '430105-20261122-0001',
                savedAt: '2026-11-22T03:00:00Z',
                print: { printed: true },
              }),
            );
        }),
    );
    const c = createVillagerController(api, createSilentVoiceGuide());
    await toReview(c, emit);
    expect(c.state.screen.value.name).toBe('review');
    expect(c.state.session.value?.maskedName).toBe('王*华');
    const first = c.submit();
    const second = c.submit();
    expect(c.state.saving.value).toBe(true);
    release();
    await Promise.all([first, second]);
    const submits = calls.filter((x) => x.method === 'tx.submit');
    expect(submits).toHaveLength(1);
    expect(submits[0]!.args).toMatchObject({ serviceCode: 'gaoling', values: { phone: '13800138000' } });
    expect(c.state.screen.value.name).toBe('done');
    expect(c.state.form.value).toBeNull();
    // The done screen goes home by itself and ends the session.
    await vi.advanceTimersByTimeAsync(15_500);
    expect(c.state.screen.value.name).toBe('home');
    expect(c.state.session.value).toBeNull();
    expect(calls.some((x) => x.method === 'session.end')).toBe(true);
  });

  it('uses a new requestId per review screen and sends validation errors back to the field', async () => {
    const ids: string[] = [];
    const { api, emit } = journeyApi((args) => {
      ids.push((args as { requestId: string }).requestId);
      return { ok: false, error: { code: 'validation_failed', message: '', fields: { phone: '请填写11位手机号码' } } };
    });
    const c = createVillagerController(api, createSilentVoiceGuide());
    await toReview(c, emit);
    await c.submit();
    expect(c.state.screen.value.name).toBe('form');
    expect(c.state.form.value?.errors.phone).toEqual({ kind: 'host', message: '请填写11位手机号码' });
    await vi.advanceTimersByTimeAsync(STEP_GUARD_MS);
    c.nextStep();
    expect(c.state.screen.value.name).toBe('review');
    await c.submit();
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('clears everything personal after the idle countdown, but not while a submit is in flight', async () => {
    let release!: () => void;
    const { api, calls, emit } = journeyApi(
      () =>
        new Promise((r) => {
          release = () => r({ ok: false, error: { code: 'storage_failed', message: '' } });
        }),
    );
    const c = createVillagerController(api, createSilentVoiceGuide());
    await toReview(c, emit);
    const saving = c.submit();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(c.state.screen.value.name).toBe('review');
    expect(c.state.countdown.value).toBeNull();
    release();
    await saving;
    expect(c.state.notice.value).toBe('保存没有成功，请找工作人员');
    await vi.advanceTimersByTimeAsync(90_000);
    expect(c.state.countdown.value).toBe(30);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(c.state.screen.value.name).toBe('home');
    expect(c.state.session.value).toBeNull();
    expect(c.state.form.value).toBeNull();
    expect(c.state.notice.value).toBeNull();
    expect(calls.filter((x) => x.method === 'session.end')).toHaveLength(1);
  });

  it('stays on the service list, showing and saying what the card lacks, when a form is refused for the card', async () => {
    const lacks = '您的证件上没有这项业务需要的“户籍地址”，不能在自助机上办理。请找工作人员帮您办理';
    const { api, emit } = fakeApi({
      'system.info': () => stationInfo(),
      'session.current': () => ok(null),
      'catalog.list': () => ok({ services: [] }),
      'catalog.form': () => ({ ok: false, error: { code: 'card_lacks_field', message: lacks } }),
    });
    const said: string[] = [];
    const c = createVillagerController(api, { ...createSilentVoiceGuide(), say: (t: string) => void said.push(t) });
    await c.start();
    emit('session.changed', session);
    await c.chooseService('gaoling');
    expect(c.state.screen.value.name).toBe('services');
    expect(c.state.form.value).toBeNull();
    expect(c.state.notice.value).toBe(lacks);
    expect(said.at(-1)).toBe(lacks);
  });

  it('keeps the form when a receipt is scanned mid-form', async () => {
    const { api, calls, emit } = journeyApi(() => ok({}));
    const c = createVillagerController(api, createSilentVoiceGuide());
    await toReview(c, emit);
    emit('scan.result', { kind: 'receipt', localNumber: '430105-20261122-0001' });
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.screen.value.name).toBe('review');
    expect(calls.some((x) => x.method === 'tx.progress')).toBe(false);
  });

  it('ignores the second half of a double tap on 下一步', async () => {
    const twoAsked: FormView = {
      ...form,
      fields: [...form.fields, { id: 'note', label: '备注', type: 'text', required: false }],
    };
    const { api, emit } = fakeApi({
      'system.info': () => stationInfo(),
      'session.current': () => ok(null),
      'catalog.list': () => ok({ services: [] }),
      'catalog.form': () => ok(twoAsked),
    });
    const c = createVillagerController(api, createSilentVoiceGuide());
    await c.start();
    emit('session.changed', session);
    await c.chooseService('gaoling');
    c.answer('phone', '13800138000');
    c.nextStep();
    c.nextStep(); // same double tap: would skip the optional 备注
    expect(c.state.screen.value.name).toBe('form');
    expect(c.state.form.value?.index).toBe(1);
    await vi.advanceTimersByTimeAsync(STEP_GUARD_MS);
    c.nextStep();
    expect(c.state.screen.value.name).toBe('review');
  });

  it('shows progress for a scanned receipt and the recovering state', async () => {
    const { api, emit } = fakeApi({
      'system.info': () => stationInfo(),
      'session.current': () => ok(null),
      'tx.progress': (a) =>
        ok({
          localNumber: (a as { localNumber: string }).localNumber,
          platformNumber: null,
          serviceName: '高龄津贴申请',
          savedAt: '2026-11-22T03:00:00Z',
          status: 'saved_offline',
          note: null,
          maskedIdNumber: '4301**********0018',
          detailsHidden: false,
        }),
    });
    const c = createVillagerController(api, createSilentVoiceGuide());
    await c.start();
    emit('scan.result', { kind: 'receipt', localNumber: '430105-20261122-0001' });
    await vi.advanceTimersByTimeAsync(0);
    const s = c.state.screen.value;
    expect(s.name === 'progress' && s.view.localNumber).toBe('430105-20261122-0001');
    emit('idcard.error', { code: 'read_failed', message: '请把身份证放平再试' });
    expect(c.state.notice.value).toBeNull(); // only on the home screen
    await c.goHome();
    emit('idcard.error', { code: 'read_failed', message: '请把身份证放平再试' });
    expect(c.state.notice.value).toBe('请把身份证放平再试');
    emit('host.recovering', { recovering: true });
    expect(c.state.recovering.value).toBe(true);
    expect(c.state.recoveringReason.value).toBeNull();
    emit('host.recovering', { recovering: true, reason: 'keystore_plaintext' });
    expect(c.state.recoveringReason.value).toBe('keystore_plaintext');
    emit('host.recovering', { recovering: false, reason: null });
    expect(c.state.recoveringReason.value).toBeNull();
    emit('host.recovering', { recovering: true });
    emit('scan.result', { kind: 'unrecognised', message: 'x' });
    expect(c.state.notice.value).toBe('无法识别此二维码');
  });
});

describe('villager camera scan screen', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function scanApi(outcome: (text: string) => unknown) {
    return fakeApi({
      'system.info': () => stationInfo(),
      'session.current': () => ok(null),
      'scan.submit': (a) => ok(outcome((a as { text: string }).text)),
      'tx.progress': (a) =>
        ok({
          localNumber: (a as { localNumber: string }).localNumber,
          platformNumber: null,
          serviceName: '高龄津贴申请',
          savedAt: '2026-11-22T03:00:00Z',
          status: 'saved_offline',
          note: null,
          maskedIdNumber: '4301**********0018',
          detailsHidden: false,
        }),
    });
  }

  it('sends camera codes to the host; a receipt opens its progress page', async () => {
    const { api, calls } = scanApi((text) => ({ kind: 'receipt', localNumber: text.slice(5) }));
    const c = createVillagerController(api, createSilentVoiceGuide());
    await c.start();
    await c.submitCameraCode({ text: 'CZR1:430105-20261122-0001', rawBytesBase64: null });
    expect(calls.some((x) => x.method === 'scan.submit')).toBe(false); // only on the scan screen
    c.openScan();
    expect(c.state.screen.value.name).toBe('scan');
    await c.submitCameraCode({ text: 'CZR1:430105-20261122-0001', rawBytesBase64: 'QUJD' });
    expect(calls.find((x) => x.method === 'scan.submit')?.args).toEqual({
      source: 'camera',
      text: 'CZR1:430105-20261122-0001',
      bytesBase64: 'QUJD',
    });
    const s = c.state.screen.value;
    expect(s.name === 'progress' && s.view.localNumber).toBe('430105-20261122-0001');
  });

  it('unknown and enrolment codes say 无法识别此二维码 (once per code) and keep scanning', async () => {
    const voice = createSilentVoiceGuide();
    const say = vi.spyOn(voice, 'say');
    const { api } = scanApi((text) =>
      text.startsWith('CZE1:')
        ? { kind: 'enrolment', platform: 'http://x', code: 'ABCD' }
        : { kind: 'unrecognised', message: 'x' },
    );
    const c = createVillagerController(api, voice);
    await c.start();
    c.openScan();
    await c.submitCameraCode({ text: 'hello', rawBytesBase64: null });
    expect(c.state.screen.value.name).toBe('scan');
    expect(c.state.notice.value).toBe('无法识别此二维码');
    await c.submitCameraCode({ text: 'hello', rawBytesBase64: null });
    await c.submitCameraCode({ text: 'CZE1:abc', rawBytesBase64: null });
    expect(c.state.screen.value.name).toBe('scan');
    expect(say.mock.calls.filter(([text]) => text.includes('无法识别此二维码'))).toHaveLength(1);
  });

  it('hardware scans are left to the technician screen while it is open', async () => {
    let techOpen = true;
    const { api, emit } = scanApi(() => ({ kind: 'unrecognised', message: 'x' }));
    const c = createVillagerController(api, createSilentVoiceGuide(), { technicianOpen: () => techOpen });
    await c.start();
    emit('scan.result', { kind: 'receipt', localNumber: '430105-20261122-0001' });
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.screen.value.name).toBe('home');
    techOpen = false;
    emit('scan.result', { kind: 'receipt', localNumber: '430105-20261122-0001' });
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state.screen.value.name).toBe('progress');
  });
});

describe('villager camera scan screen and the idle reset', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('the same unknown code seen again and again does not keep the screen open', async () => {
    const { api } = fakeApi({
      'system.info': () => stationInfo({ idleTimeoutSec: 10, countdownSec: 5 }),
      'session.current': () => ok(null),
      'scan.submit': () => ok({ kind: 'unrecognised', message: 'x' }),
    });
    const c = createVillagerController(api, createSilentVoiceGuide());
    await c.start();
    c.openScan();
    for (let s = 0; s < 16; s += 2) {
      await c.submitCameraCode({ text: 'same-code', rawBytesBase64: null });
      await vi.advanceTimersByTimeAsync(2_000);
    }
    expect(c.state.screen.value.name).toBe('home');
  });
});
