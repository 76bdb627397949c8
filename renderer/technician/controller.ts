import { batch, signal } from '@preact/signals';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type { ScanOutcome, TechStatus } from '../../main/contract/views';
import type { CameraCode } from '../camera/qr-camera';
import { errorText, zhCN } from '../i18n/zh-CN';
import { createIdleTimer } from '../logic/idle-timer';
import {
  checkEnrolForm,
  emptyEnrolForm,
  enrolArgs,
  fillFromScan,
  type EnrolField,
  type EnrolForm,
  type EnrolProblem,
} from './enrol-form';
import { createSetupController } from './setup-controller';

export type TechMode = 'closed' | 'pin' | 'home';

const DEFAULT_IDLE_SEC = 90;
const DEFAULT_COUNTDOWN_SEC = 30;
export const PIN_MAX = 12;
export const PIN_MIN = 6;

/**
 * The hidden technician screen: PIN keypad → status, 立即同步, provisioning form. Leaving (返回 or
 * idle) locks the host again with `tech.lock`. Scans (hardware `scan.result` or this screen's
 * camera) only fill the form; the technician presses 注册.
 */
export function createTechnicianController(api: KioskApi, events: { onClosed?: () => void } = {}) {
  const mode = signal<TechMode>('closed');
  const pin = signal('');
  const pinError = signal<string | null>(null);
  const status = signal<TechStatus | null>(null);
  const form = signal<EnrolForm>(emptyEnrolForm);
  const editing = signal<EnrolField | null>(null);
  const problems = signal<EnrolProblem[]>([]);
  /** The last outcome on the screen (enrolled, synced, an error), in Chinese. */
  const message = signal<{ text: string; ok: boolean } | null>(null);
  const working = signal<'unlock' | 'sync' | 'enrol' | null>(null);
  const camera = signal(false);
  const countdown = signal<number | null>(null);

  const idle = createIdleTimer(DEFAULT_IDLE_SEC * 1000, DEFAULT_COUNTDOWN_SEC * 1000, {
    onCountdown(left) {
      countdown.value = left;
    },
    onCountdownCancelled() {
      countdown.value = null;
    },
    onExpire() {
      countdown.value = null;
      void leave();
    },
  });

  const setup = createSetupController(
    api,
    () => idle.activity(),
    () => status.value,
    () => void leave(),
  );

  const reset = (): void => {
    setup.reset();
    batch(() => {
      pin.value = '';
      pinError.value = null;
      status.value = null;
      form.value = emptyEnrolForm;
      editing.value = null;
      problems.value = [];
      message.value = null;
      working.value = null;
      camera.value = false;
      countdown.value = null;
    });
  };

  /** The hidden entry fired: ask for the PIN. */
  function open(): void {
    if (mode.value !== 'closed') return;
    reset();
    mode.value = 'pin';
    idle.start();
  }

  function typePin(value: string): void {
    idle.activity();
    pin.value = value.replace(/\D/g, '').slice(0, PIN_MAX);
    pinError.value = null;
  }

  async function unlock(): Promise<void> {
    if (working.value || pin.value.length < PIN_MIN) return;
    working.value = 'unlock';
    const r = await api.invoke('tech.unlock', { pin: pin.value });
    working.value = null;
    pin.value = '';
    if (mode.value !== 'pin') return;
    if (!r.ok) {
      pinError.value = r.error.code === 'unauthorized' ? zhCN.technician.pinWrong : errorText(r.error);
      return;
    }
    mode.value = 'home';
    await refresh();
  }

  async function refresh(): Promise<void> {
    const r = await api.invoke('tech.status', {});
    if (mode.value !== 'home') return;
    if (r.ok) status.value = r.value;
    else message.value = { text: errorText(r.error), ok: false };
  }

  async function syncNow(): Promise<void> {
    if (working.value) return;
    idle.activity();
    working.value = 'sync';
    message.value = null;
    const release = idle.hold();
    try {
      const r = await api.invoke('tech.syncNow', {});
      if (!r.ok) message.value = { text: errorText(r.error), ok: false };
      else if (r.value.ok)
        message.value = { text: zhCN.technician.syncResult(r.value.acked, r.value.rejected), ok: true };
      else message.value = { text: r.value.message ?? zhCN.errors.sync_failed, ok: false };
    } finally {
      working.value = null;
      release();
    }
    await refresh();
  }

  function edit(field: EnrolField | null): void {
    idle.activity();
    editing.value = field;
  }

  function setField(field: EnrolField, value: string): void {
    idle.activity();
    form.value = { ...form.value, [field]: value };
    problems.value = problems.value.filter((p) => p !== field);
  }

  async function enrol(): Promise<void> {
    if (working.value) return;
    idle.activity();
    const found = checkEnrolForm(form.value);
    problems.value = found;
    if (found.length > 0) return;
    working.value = 'enrol';
    message.value = null;
    editing.value = null;
    const release = idle.hold();
    try {
      const r = await api.invoke('tech.enrol', enrolArgs(form.value));
      // The platform's own reason (e.g. 注册码已使用) helps the technician more than a generic line.
      if (!r.ok)
        message.value = {
          text: r.error.code === 'enrolment_failed' && r.error.message ? r.error.message : errorText(r.error),
          ok: false,
        };
      else {
        message.value = { text: zhCN.technician.enrolled_ok(r.value.deviceId), ok: true };
        form.value = { ...form.value, code: '' };
      }
    } finally {
      working.value = null;
      release();
    }
    await refresh();
  }

  /** A scan from any scanner or this screen's camera; enrolment codes fill the form. */
  function onScan(outcome: ScanOutcome): void {
    if (mode.value !== 'home') return;
    idle.activity();
    const filled = fillFromScan(form.value, outcome);
    if (!filled) {
      message.value = { text: zhCN.technician.notEnrolmentCode, ok: false };
      return;
    }
    batch(() => {
      form.value = filled;
      problems.value = [];
      editing.value = null;
      camera.value = false;
      message.value = { text: zhCN.technician.filledFromScan, ok: true };
    });
  }

  async function submitCameraCode(code: CameraCode): Promise<void> {
    if (mode.value !== 'home') return;
    const r = await api.invoke('scan.submit', {
      source: 'camera',
      text: code.text.slice(0, 4096),
      ...(code.rawBytesBase64 !== null && code.rawBytesBase64.length <= 8192
        ? { bytesBase64: code.rawBytesBase64 }
        : {}),
    });
    if (r.ok) onScan(r.value);
    else message.value = { text: errorText(r.error), ok: false };
  }

  function toggleCamera(): void {
    idle.activity();
    camera.value = !camera.value;
  }

  /** 返回 or idle: lock the host again and hand the screen back to the villagers. */
  async function leave(): Promise<void> {
    if (mode.value === 'closed') return;
    idle.stop();
    mode.value = 'closed';
    reset();
    // Always, also from the PIN keypad: an unlock whose answer was still on its way must not stay open.
    await api.invoke('tech.lock', {});
    events.onClosed?.();
  }

  function start(): void {
    // A page reloaded while the technician screen was open would leave the host unlocked.
    void api.invoke('tech.lock', {});
    api.subscribe('scan.result', onScan);
    api.subscribe('sync.status', (s) => {
      if (mode.value === 'home' && status.value) status.value = { ...status.value, sync: s };
    });
    api.subscribe('device.status', (e) => {
      if (mode.value === 'home' && status.value)
        status.value = { ...status.value, devices: { ...status.value.devices, [e.device]: e.status } };
    });
  }

  return {
    state: { mode, pin, pinError, status, form, editing, problems, message, working, camera, countdown },
    start,
    configure: (idleTimeoutSec: number, countdownSec: number) =>
      idle.configure(idleTimeoutSec * 1000, countdownSec * 1000),
    open,
    typePin,
    unlock,
    refresh,
    syncNow,
    edit,
    setField,
    enrol,
    onScan,
    submitCameraCode,
    toggleCamera,
    leave,
    setup,
    isOpen: () => mode.value !== 'closed',
    activity: () => idle.activity(),
  };
}

export type TechnicianController = ReturnType<typeof createTechnicianController>;
