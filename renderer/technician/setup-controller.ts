import { signal } from '@preact/signals';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type { FoundDeviceView, SelfTestResultView, TechStatus } from '../../main/contract/views';
import { errorText, zhCN } from '../i18n/zh-CN';
import {
  checkStationDetails,
  printerAddressOk,
  type StationDetails,
  type StationDetailsProblem,
} from '../../rules/station-setup';

export type SelfTestName = 'card' | 'print' | 'scan' | 'camera';
type Working = 'discover' | 'save' | SelfTestName | 'diag' | 'restart' | null;
/** A field of the wizard typed on an on-screen keyboard. */
export type SetupField = StationDetailsProblem | 'printerAddress';
const emptyStation: StationDetails = { stationName: '', regionCode: '', hotline: '' };

/**
 * The technician's device part of the first-run wizard: find the devices, save the ones found,
 * run the three self-tests, export the diagnostics bundle. Every call is a technician method the
 * host checks for the unlock; this only keeps what the screen shows.
 */
export function createSetupController(
  api: KioskApi,
  activity: () => void,
  status: () => TechStatus | null,
  /** The host accepted 重启终端: the technician screen closes (the new host is locked anyway). */
  onRestarting: () => void = () => undefined,
) {
  const devices = signal<FoundDeviceView[] | null>(null);
  const results = signal<Partial<Record<SelfTestName, SelfTestResultView>>>({});
  const working = signal<Working>(null);
  const message = signal<{ text: string; ok: boolean } | null>(null);
  /** The camera view of the camera test is open. */
  const camera = signal(false);
  const station = signal<StationDetails>(emptyStation);
  /** A network printer's `host[:port]` for discovery ('' = none). */
  const printerAddress = signal('');
  const editing = signal<SetupField | null>(null);
  const problems = signal<SetupField[]>([]);
  /** Devices were saved: they take effect when the host starts again (重启终端). */
  const restartNeeded = signal(false);

  function edit(field: SetupField | null): void {
    activity();
    editing.value = field;
  }

  function setField(field: SetupField, value: string): void {
    activity();
    if (field === 'printerAddress') printerAddress.value = value;
    else station.value = { ...station.value, [field]: value };
    problems.value = problems.value.filter((p) => p !== field);
  }

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
    const address = printerAddress.value.trim();
    if (!printerAddressOk(address)) {
      problems.value = [...new Set([...problems.value, 'printerAddress' as const])];
      return;
    }
    editing.value = null;
    const r = await run('discover', () => api.invoke('tech.discover', address ? { printerAddress: address } : {}));
    if (!r) return;
    if (r.ok) devices.value = r.value.devices;
    else message.value = { text: errorText(r.error), ok: false };
  }

  /** An enrolled terminal's station (the county's) is offered; a fresh one starts empty, never with defaults. */
  function offerEnrolledStation(): void {
    const s = status();
    if (s?.enrolled && station.value.stationName === '' && station.value.regionCode === '')
      station.value = { ...station.value, stationName: s.stationName, regionCode: s.regionCode };
  }

  /** Saves the station details typed and the first working device of each role. */
  async function save(): Promise<void> {
    offerEnrolledStation();
    const details = { ...station.value, stationName: station.value.stationName.trim() };
    const wrong = checkStationDetails(details);
    if (wrong.length > 0) {
      problems.value = wrong;
      message.value = { text: zhCN.setup.stationProblems, ok: false };
      return;
    }
    editing.value = null;
    const found = devices.value ?? [];
    const pick = (role: FoundDeviceView['role']) => found.find((d) => d.role === role && d.config)?.config;
    const chosen = { idcard: pick('idcard'), printer: pick('printer'), scanner: pick('scanner') };
    const r = await run('save', () =>
      api.invoke('tech.saveSetup', {
        stationName: details.stationName,
        regionCode: details.regionCode,
        ...(details.hotline ? { hotline: details.hotline } : {}),
        devices: Object.fromEntries(Object.entries(chosen).filter(([, v]) => v !== undefined)),
      }),
    );
    if (!r) return;
    message.value = r.ok
      ? { text: zhCN.setup.saved(r.value.restartNeeded), ok: true }
      : { text: errorText(r.error), ok: false };
    if (r.ok && r.value.restartNeeded) restartNeeded.value = true;
  }

  async function restart(): Promise<void> {
    const r = await run('restart', () => api.invoke('tech.restart', {}));
    if (!r) return;
    if (r.ok) onRestarting();
    else message.value = { text: errorText(r.error), ok: false };
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
    station.value = emptyStation;
    printerAddress.value = '';
    editing.value = null;
    problems.value = [];
    restartNeeded.value = false;
  }

  return {
    state: { devices, results, working, message, camera, station, printerAddress, editing, problems, restartNeeded },
    edit,
    setField,
    discover,
    save,
    selfTest,
    toggleCamera,
    cameraCode,
    exportDiag,
    restart,
    reset,
  };
}

export type SetupController = ReturnType<typeof createSetupController>;
