import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TechStatus } from '../../../main/contract/views';
import { zhCN } from '../../../renderer/i18n/zh-CN';
import { createTechnicianController } from '../../../renderer/technician/controller';
import { fakeApi, ok } from '../fake-api';

const sync = {
  link: 'not_enrolled' as const,
  pending: 1,
  inflight: 0,
  deferred: 0,
  rejected: 0,
  acked: 0,
  lastSuccessAt: null,
  lastError: null,
};
const status: TechStatus = {
  enrolled: false,
  deviceId: null,
  platform: null,
  stationName: '东村便民服务站',
  regionCode: '430121100202',
  sync,
  devices: { idcard: { state: 'ready' }, printer: { state: 'ready' }, scanner: { state: 'disconnected' } },
  clock: { offsetMs: null, warning: false },
  voice: { state: 'off' },
  rejected: [],
};
const enrolmentScan = {
  kind: 'enrolment' as const,
  platform: 'http://127.0.0.1:8787',
  code: 'ABCD-1234',
  regionCode: '430121100202',
  station: '样板村便民服务站',
};

function techApi(pinOk = (pin: string) => pin === '000000') {
  return fakeApi({
    'tech.unlock': (a) =>
      pinOk((a as { pin: string }).pin)
        ? ok({ unlocked: true as const })
        : { ok: false, error: { code: 'unauthorized', message: '密码不对' } },
    'tech.lock': () => ok({ locked: true as const }),
    'tech.status': () => ok(status),
    'tech.enrol': () => ok({ deviceId: 'dev-1', platform: 'http://127.0.0.1:8787' }),
    'tech.syncNow': () => ok({ ok: true, acked: 1, rejected: 0, message: null }),
    'scan.submit': () => ok(enrolmentScan),
  });
}

describe('technician controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the Chinese message for a wrong PIN and for a lock-out', async () => {
    let locked = false;
    const { api } = fakeApi({
      'tech.unlock': () => ({
        ok: false,
        error: locked ? { code: 'locked', message: '' } : { code: 'unauthorized', message: '' },
      }),
    });
    const t = createTechnicianController(api);
    t.start();
    t.open();
    // Fewer than six digits never reach the host.
    t.typePin('1234');
    await t.unlock();
    expect(t.state.pinError.value).toBeNull();
    t.typePin('123456');
    await t.unlock();
    expect(t.state.mode.value).toBe('pin');
    expect(t.state.pinError.value).toBe(zhCN.technician.pinWrong);
    expect(t.state.pin.value).toBe('');
    locked = true;
    t.typePin('123456');
    expect(t.state.pinError.value).toBeNull();
    await t.unlock();
    expect(t.state.pinError.value).toBe(zhCN.errors.locked);
  });

  it('unlocks, loads the status and follows sync and device events', async () => {
    const { api, emit } = techApi();
    const t = createTechnicianController(api);
    t.start();
    t.open();
    t.typePin('000000');
    await t.unlock();
    expect(t.state.mode.value).toBe('home');
    expect(t.state.status.value?.stationName).toBe('东村便民服务站');
    emit('sync.status', { ...sync, link: 'up', acked: 3, pending: 0 });
    emit('device.status', { device: 'printer', status: { state: 'fault', code: 'paper_out', message: '缺纸' } });
    expect(t.state.status.value?.sync).toMatchObject({ link: 'up', acked: 3 });
    expect(t.state.status.value?.devices.printer).toEqual({ state: 'fault', code: 'paper_out', message: '缺纸' });
  });

  it('an enrolment scan fills the form without submitting; 注册 sends it', async () => {
    const { api, calls, emit } = techApi();
    const t = createTechnicianController(api);
    t.start();
    emit('scan.result', enrolmentScan); // closed: ignored
    expect(t.state.form.value.code).toBe('');
    t.open();
    t.typePin('000000');
    await t.unlock();
    emit('scan.result', enrolmentScan);
    expect(t.state.form.value).toEqual({
      platform: 'http://127.0.0.1:8787',
      code: 'ABCD-1234',
      regionCode: '430121100202',
      stationName: '样板村便民服务站',
      platformKeySha256: '',
    });
    expect(calls.some((c) => c.method === 'tech.enrol')).toBe(false);
    emit('scan.result', { kind: 'receipt', localNumber: '430121-20260115-0007' });
    expect(t.state.form.value.code).toBe('ABCD-1234');
    expect(t.state.message.value?.text).toBe(zhCN.technician.notEnrolmentCode);
    await t.enrol();
    expect(calls.find((c) => c.method === 'tech.enrol')?.args).toEqual({
      platform: 'http://127.0.0.1:8787',
      code: 'ABCD-1234',
      regionCode: '430121100202',
      stationName: '样板村便民服务站',
    });
    expect(t.state.message.value).toEqual({ text: zhCN.technician.enrolled_ok('dev-1'), ok: true });
  });

  it('refuses to send a form the host would refuse, and names the fields', async () => {
    const { api, calls } = techApi();
    const t = createTechnicianController(api);
    t.start();
    t.open();
    t.typePin('000000');
    await t.unlock();
    t.setField('platform', 'http://10.0.0.2:8787');
    await t.enrol();
    expect(t.state.problems.value).toEqual(['code', 'regionCode', 'stationName']);
    expect(calls.some((c) => c.method === 'tech.enrol')).toBe(false);
  });

  it('the camera on this screen goes through scan.submit and fills the form', async () => {
    const { api, calls } = techApi();
    const t = createTechnicianController(api);
    t.start();
    t.open();
    t.typePin('000000');
    await t.unlock();
    t.toggleCamera();
    await t.submitCameraCode({ text: 'CZE1:xyz', rawBytesBase64: null });
    expect(calls.find((c) => c.method === 'scan.submit')?.args).toEqual({ source: 'camera', text: 'CZE1:xyz' });
    expect(t.state.form.value.code).toBe('ABCD-1234');
    expect(t.state.camera.value).toBe(false);
  });

  it('locks the host on 返回 and after the idle time', async () => {
    const { api, calls } = techApi();
    const t = createTechnicianController(api);
    t.start();
    t.configure(10, 5);
    t.open();
    t.typePin('000000');
    await t.unlock();
    expect(calls.filter((c) => c.method === 'tech.lock')).toHaveLength(1); // on start: a reload never stays unlocked
    await t.leave();
    expect(t.state.mode.value).toBe('closed');
    expect(calls.filter((c) => c.method === 'tech.lock')).toHaveLength(2);
    expect(t.state.status.value).toBeNull();

    t.open();
    t.typePin('000000');
    await t.unlock();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.state.countdown.value).toBe(5);
    await vi.advanceTimersByTimeAsync(5_500);
    expect(t.state.mode.value).toBe('closed');
    expect(calls.filter((c) => c.method === 'tech.lock')).toHaveLength(3);
  });

  it('立即同步 reports the outcome and reloads the status', async () => {
    const { api, calls } = techApi();
    const t = createTechnicianController(api);
    t.start();
    t.open();
    t.typePin('000000');
    await t.unlock();
    await t.syncNow();
    expect(t.state.message.value).toEqual({ text: zhCN.technician.syncResult(1, 0), ok: true });
    expect(calls.filter((c) => c.method === 'tech.status')).toHaveLength(2);
  });
});
