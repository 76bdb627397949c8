import type { HidBackend, HidDeviceInfo, HidHandle } from './hid-backend';

/**
 * A fake node-hid back-end: devices can be plugged and unplugged, and a plugged device replays
 * report sequences (recorded or generated) to whoever opened it.
 */
export class FakeHidBackend implements HidBackend {
  readonly #devices = new Map<string, FakeHidDevice>();
  /** Paths whose open() fails, e.g. to simulate missing udev permissions. */
  readonly denied = new Set<string>();

  plug(info: HidDeviceInfo): FakeHidDevice {
    const device = new FakeHidDevice(info);
    this.#devices.set(info.path, device);
    return device;
  }

  unplug(path: string): void {
    const device = this.#devices.get(path);
    this.#devices.delete(path);
    device?.fail(new Error('could not read from HID device'));
  }

  async devices(): Promise<HidDeviceInfo[]> {
    return [...this.#devices.values()].map((d) => d.info);
  }

  async open(path: string): Promise<HidHandle> {
    if (this.denied.has(path)) throw new Error(`cannot open device with path ${path}: Permission denied`);
    const device = this.#devices.get(path);
    if (!device) throw new Error(`cannot open device with path ${path}`);
    return device.open();
  }
}

export class FakeHidDevice {
  readonly featureReports: number[][] = [];
  #data = new Set<(report: Uint8Array) => void>();
  #errors = new Set<(error: Error) => void>();
  #open = false;

  constructor(readonly info: HidDeviceInfo) {}

  get isOpen(): boolean {
    return this.#open;
  }

  open(): HidHandle {
    this.#open = true;
    return {
      on: (event: 'data' | 'error', listener: (value: never) => void) => {
        if (event === 'data') this.#data.add(listener as (report: Uint8Array) => void);
        else this.#errors.add(listener as (error: Error) => void);
      },
      sendFeatureReport: async (data: readonly number[]) => {
        this.featureReports.push([...data]);
      },
      close: async () => {
        this.#open = false;
        this.#data.clear();
        this.#errors.clear();
      },
    } as HidHandle;
  }

  /** Delivers reports synchronously, as one burst. */
  send(reports: readonly Uint8Array[]): void {
    if (!this.#open) return;
    for (const report of reports) for (const listener of [...this.#data]) listener(report);
  }

  /** Delivers reports with a gap between them, like a real scanner (≈1 ms per report at full speed). */
  async replay(reports: readonly Uint8Array[], gapMs = 1): Promise<void> {
    for (const report of reports) {
      this.send([report]);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  }

  fail(error: Error): void {
    for (const listener of [...this.#errors]) listener(error);
  }
}
