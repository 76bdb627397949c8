import type { DeviceStatus } from '../common/status';
import type { PayloadEncoding } from './payload';

/** One decoded code from any scanner (HID wedge, HID POS, serial/CDC). */
export interface ScannedCode {
  /** Which configured scanner produced it (e.g. hid:1eab:0d10, serial:/dev/ttyACM0). */
  readonly source: string;
  /** Decoded text: UTF-8 when valid, otherwise GB18030; control characters stripped. */
  readonly text: string;
  /** How the text was obtained ('text' when the source delivered characters, e.g. keyboard wedge). */
  readonly encoding?: PayloadEncoding;
  /** Which path the code came through, for diagnostics. */
  readonly mode?: 'wedge' | 'pos' | 'serial' | 'camera' | 'fake';
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
