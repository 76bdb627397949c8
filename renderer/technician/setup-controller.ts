import { signal } from '@preact/signals';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type { FoundDeviceView, SelfTestResultView, TechStatus } from '../../main/contract/views';
import { errorText, zhCN } from '../i18n/zh-CN';

export type SelfTestName = 'card' | 'print' | 'scan' | 'camera';
type Working = 'discover' | 'save' | SelfTestName | 'diag' | null;

/**
 * The technician's device part of the first-run wizard: find the devices, save the ones found,
 * run the three self-tests, export the diagnostics bundle. Every call is a technician method the
 * host checks for the unlock; this only keeps what the screen shows.
 */
export function createSetupController(api: KioskApi, activity: () => void, status: () => TechStatus | null) {
  const devices = signal<FoundDeviceView[] | null>(null);
  const results = signal<Partial<Record<SelfTestName, SelfTestResultView>>>({});
  const working = signal<Working>(null);
  const message = signal<{ text: string; ok: boolean } | null>(null);
  /** The camera view of the camera test is open. */
  const camera = signal(false);

  async function run<T>(what: Exclude<Working, null>, call: () => Promise<T>): Promise<T | null> {
    if (working.value !== null) return null;
    activity();
    working.value = what;
    message.value = null;
    try {
      return await call();
    } finally {
      working.value = null;
      activity();
    }
  }

  async function discover(): Promise<void> {
    const r = await run('discover', () => api.invoke('tech.discover', {}));
    if (!r) return;
    if (r.ok) devices.value = r.value.devices;
    else message.value = { text: errorText(r.error), ok: false };
  }

  /** Saves the first working device of each role with the station's current details. */
  async function save(): Promise<void> {
    const found = devices.value ?? [];
    const s = status();
    const pick = (role: FoundDeviceView['role']) => found.find((d) => d.role === role && d.config)?.config;
    const chosen = { idcard: pick('idcard'), printer: pick('printer'), scanner: pick('scanner') };
    const r = await run('save', () =>
      api.invoke('tech.saveSetup', {
        stationName: s?.stationName ?? '',
        regionCode: s?.regionCode ?? '',
        devices: Object.fromEntries(Object.entries(chosen).filter(([, v]) => v !== undefined)),
      }),
    );
    if (!r) return;
    message.value = r.ok
      ? { text: zhCN.setup.saved(r.value.restartNeeded), ok: true }
      : { text: errorText(r.error), ok: false };
  }

  async function selfTest(test: SelfTestName): Promise<void> {
    const r = await run(test, () => api.invoke('tech.selfTest', { test }));
    if (!r) return;
    if (r.ok) results.value = { ...results.value, [test]: r.value };
    else message.value = { text: errorText(r.error), ok: false };
  }

  function toggleCamera(): void {
    activity();
    camera.value = !camera.value;
  }

  /** The camera decoded a code: it must be the test receipt's. The camera closes either way. */
  async function cameraCode(text: string): Promise<void> {
    if (!camera.value) return;
    camera.value = false;
    const r = await run('camera', () => api.invoke('tech.selfTest', { test: 'camera', text: text.slice(0, 4096) }));
    if (!r) return;
    if (r.ok) results.value = { ...results.value, camera: r.value };
    else message.value = { text: errorText(r.error), ok: false };
  }

  async function exportDiag(): Promise<void> {
    const r = await run('diag', () => api.invoke('tech.diagExport', {}));
    if (!r) return;
    message.value = r.ok
      ? { text: zhCN.setup.diagDone(r.value.file, r.value.redacted), ok: true }
      : { text: errorText(r.error), ok: false };
  }

  function reset(): void {
    devices.value = null;
    results.value = {};
    working.value = null;
    message.value = null;
    camera.value = false;
  }

  return {
    state: { devices, results, working, message, camera },
    discover,
    save,
    selfTest,
    toggleCamera,
    cameraCode,
    exportDiag,
    reset,
  };
}

export type SetupController = ReturnType<typeof createSetupController>;
