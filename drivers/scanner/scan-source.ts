import type { DeviceStatus } from '../common/status';

/** One decoded code from any scanner (HID wedge, HID POS, serial/CDC). */
export interface ScannedCode {
  /** Which configured scanner produced it (e.g. hid:1eab:0d10, serial:/dev/ttyACM0). */
  readonly source: string;
  /** Decoded text: UTF-8 when valid, otherwise GB18030; control characters stripped. */
  readonly text: string;
}

export interface ScanSourceEvents {
  scan: ScannedCode;
  status: DeviceStatus;
}

/** Implemented by every scanner driver and by the fake; the host only depends on this. */
export interface ScanSource {
  readonly status: DeviceStatus;
  on<K extends keyof ScanSourceEvents>(event: K, listener: (value: ScanSourceEvents[K]) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
