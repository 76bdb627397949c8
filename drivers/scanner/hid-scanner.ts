import type { DeviceStatus } from '../common/status';
import { sameStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { HidBackend, HidDeviceInfo, HidHandle } from './hid-backend';
import { nodeHidBackend } from './hid-backend';
import type { PayloadLimits } from './payload';
import { DEFAULT_LIMITS, payloadFromBytes, payloadFromText } from './payload';
import { POS_USAGE, POS_USAGE_PAGE, PosDecoder } from './pos-decoder';
import type { ScanSource, ScanSourceEvents } from './scan-source';
import { DEFAULT_SCANNER_VENDORS, formatVidPid, parseVidPid } from './vendors';
import type { WedgeOptions } from './wedge-decoder';
import { WedgeDecoder } from './wedge-decoder';

export type HidMode = 'auto' | 'wedge' | 'pos';

export interface HidScannerConfig {
  /** "vvvv:pppp" in hex; empty or absent = any device from a common scanner vendor. */
  readonly vidPid?: readonly string[];
  readonly mode: HidMode;
  /** Discovery and reconnect interval. */
  readonly pollMs?: number;
  /** A wedge code with no suffix ends after this much silence. */
  readonly idleFlushMs?: number;
  readonly wedge?: WedgeOptions;
  readonly limits?: PayloadLimits;
}

export interface HidMatch {
  readonly device: HidDeviceInfo;
  readonly mode: 'wedge' | 'pos';
}

const GENERIC_DESKTOP = 0x01;
const KEYBOARD = 0x06;

/**
 * Picks the interface to read. A scanner often exposes several HID interfaces; the HID POS
 * collection (usage page 0x8C, usage 2) carries raw bytes, the boot keyboard one carries keystrokes.
 * With the libusb back-end usagePage is unknown, so an unknown page is accepted as a last resort.
 */
export function pickHidDevice(
  devices: readonly HidDeviceInfo[],
  vidPid: readonly string[] | undefined,
  mode: HidMode,
): HidMatch | null {
  const wanted = (vidPid ?? []).map(parseVidPid).filter((v) => v !== null);
  const candidates = devices.filter((d) =>
    wanted.length > 0
      ? wanted.some((w) => w.vendorId === d.vendorId && w.productId === d.productId)
      : DEFAULT_SCANNER_VENDORS.has(d.vendorId),
  );
  const isPos = (d: HidDeviceInfo): boolean => d.usagePage === POS_USAGE_PAGE && d.usage === POS_USAGE;
  const isKeyboard = (d: HidDeviceInfo): boolean => d.usagePage === GENERIC_DESKTOP && d.usage === KEYBOARD;
  const unknown = (d: HidDeviceInfo): boolean => d.usagePage === undefined;
  const first = (test: (d: HidDeviceInfo) => boolean): HidDeviceInfo | undefined => candidates.find(test);

  if (mode === 'pos') {
    const d = first(isPos) ?? first(unknown);
    return d ? { device: d, mode: 'pos' } : null;
  }
  if (mode === 'wedge') {
    const d = first(isKeyboard) ?? first(unknown);
    return d ? { device: d, mode: 'wedge' } : null;
  }
  const pos = first(isPos);
  if (pos) return { device: pos, mode: 'pos' };
  const keyboard = first(isKeyboard) ?? first(unknown);
  return keyboard ? { device: keyboard, mode: 'wedge' } : null;
}

/** Vendors whose scanners switch to HID POS output on feature report 0xFE 01 (WebHidBarcodeScanner). */
const NEEDS_POS_SWITCH = new Set([0x0c2e, 0x23d0]);

/**
 * A USB HID scanner read directly as a device (hidraw), never through keyboard events, so its
 * keystrokes are decoded here and cannot type into the UI. Polls discovery, reconnects after unplug.
 */
export class HidScanner implements ScanSource {
  readonly #events = new TypedEmitter<ScanSourceEvents>();
  readonly #config: HidScannerConfig;
  readonly #backend: HidBackend;
  #status: DeviceStatus = { state: 'disconnected' };
  #running = false;
  #poll: ReturnType<typeof setInterval> | undefined;
  #polling: Promise<void> | undefined;
  #handle: HidHandle | undefined;
  #match: HidMatch | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #wedge: WedgeDecoder;
  #pos: PosDecoder;

  constructor(config: HidScannerConfig, backend: HidBackend = nodeHidBackend()) {
    this.#config = config;
    this.#backend = backend;
    this.#wedge = new WedgeDecoder(config.wedge);
    this.#pos = new PosDecoder({ maxBytes: (config.limits ?? DEFAULT_LIMITS).maxBytes });
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  /** The device in use, for the technician screen and logs. */
  get connected(): HidMatch | undefined {
    return this.#match;
  }

  get source(): string {
    const d = this.#match?.device;
    return d ? `hid:${formatVidPid(d.vendorId, d.productId)}` : 'hid';
  }

  on<K extends keyof ScanSourceEvents>(event: K, listener: (value: ScanSourceEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#tick();
    this.#poll = setInterval(() => void this.#tick(), this.#config.pollMs ?? 2000);
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#poll);
    await this.#polling;
    await this.#disconnect();
  }

  /** One discovery round: notice a vanished device, or find and open one. */
  #tick(): Promise<void> {
    this.#polling ??= this.#discover().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  async #discover(): Promise<void> {
    let devices: HidDeviceInfo[];
    try {
      devices = await this.#backend.devices();
    } catch (error) {
      this.#setStatus({
        state: 'fault',
        code: 'hid_unavailable',
        message: `无法列出USB设备，请联系技术员。(${describe(error)})`,
      });
      return;
    }
    if (this.#match) {
      const path = this.#match.device.path;
      if (!devices.some((d) => d.path === path)) await this.#disconnect();
      return;
    }
    if (!this.#running) return;
    const match = pickHidDevice(devices, this.#config.vidPid, this.#config.mode);
    if (!match) {
      this.#setStatus({ state: 'disconnected' });
      return;
    }
    await this.#connect(match);
  }

  async #connect(match: HidMatch): Promise<void> {
    let handle: HidHandle;
    try {
      handle = await this.#backend.open(match.device.path);
    } catch (error) {
      const denied = /permission|EACCES|access/i.test(describe(error));
      this.#setStatus(
        denied
          ? {
              state: 'fault',
              code: 'hid_permission_denied',
              message: '没有权限读取扫码枪，请技术员安装 udev 规则后重新插拔。',
            }
          : { state: 'fault', code: 'hid_open_failed', message: '扫码枪无法打开，请重新插拔扫码枪。' },
      );
      return;
    }
    if (!this.#running) {
      await handle.close().catch(() => undefined);
      return;
    }
    this.#handle = handle;
    this.#match = match;
    this.#wedge.reset();
    this.#pos.reset();
    handle.on('data', (report) => this.#onReport(report));
    handle.on('error', () => void this.#disconnect());
    if (match.mode === 'pos' && NEEDS_POS_SWITCH.has(match.device.vendorId)) {
      // Honeywell/Youjie only emit HID POS reports after this feature report (WebHidBarcodeScanner).
      await handle.sendFeatureReport([0xfe, 0x01]).catch(() => undefined);
    }
    this.#setStatus({ state: 'ready' });
  }

  async #disconnect(): Promise<void> {
    clearTimeout(this.#idle);
    const handle = this.#handle;
    this.#handle = undefined;
    this.#match = undefined;
    this.#wedge.reset();
    this.#pos.reset();
    if (handle) await handle.close().catch(() => undefined);
    this.#setStatus({ state: 'disconnected' });
  }

  #onReport(report: Uint8Array): void {
    const mode = this.#match?.mode;
    if (mode === 'pos') {
      const code = this.#pos.push(report);
      if (code) this.#emitBytes(code.bytes);
      return;
    }
    if (mode !== 'wedge') return;
    // hidraw delivers boot keyboard reports as 8 bytes; a keyboard collection that uses report IDs
    // (composite scanners) puts the ID first, making 9.
    const keys = report.length === 9 ? report.subarray(1) : report;
    for (const text of this.#wedge.push(keys)) this.#emitText(text);
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      const text = this.#wedge.flush();
      if (text) this.#emitText(text);
    }, this.#config.idleFlushMs ?? 300);
  }

  #emitText(text: string): void {
    const payload = payloadFromText(text, this.#config.limits);
    if (payload.ok)
      this.#events.emit('scan', { source: this.source, text: payload.value.text, encoding: 'text', mode: 'wedge' });
  }

  #emitBytes(bytes: Uint8Array): void {
    const payload = payloadFromBytes(bytes, this.#config.limits);
    if (payload.ok)
      this.#events.emit('scan', {
        source: this.source,
        text: payload.value.text,
        encoding: payload.value.encoding,
        mode: 'pos',
      });
  }

  #setStatus(status: DeviceStatus): void {
    if (sameStatus(this.#status, status)) return;
    this.#status = status;
    this.#events.emit('status', status);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
