import { SerialPort } from 'serialport';
import type { DeviceStatus } from '../common/status';
import { sameStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import { LineFramer } from './line-framer';
import type { PayloadLimits } from './payload';
import { DEFAULT_LIMITS, payloadFromBytes } from './payload';
import type { ScanSource, ScanSourceEvents } from './scan-source';

export interface SerialScannerConfig {
  /** e.g. /dev/ttyACM0, or a stable /dev/serial/by-id/... link. */
  readonly port: string;
  /** USB-CDC scanners ignore it; real UART scanners are usually 9600 or 115200. */
  readonly baudRate: number;
  /** A code without CR/LF suffix ends after this much silence. */
  readonly interByteTimeoutMs?: number;
  /** Reopen interval after unplug or a failed open. */
  readonly reconnectMs?: number;
  readonly limits?: PayloadLimits;
}

/** A serial / USB-CDC scanner: raw bytes framed by CR/LF, so Chinese content arrives intact. */
export class SerialScanner implements ScanSource {
  readonly #events = new TypedEmitter<ScanSourceEvents>();
  readonly #config: SerialScannerConfig;
  readonly #framer: LineFramer;
  #status: DeviceStatus = { state: 'disconnected' };
  #port: SerialPort | undefined;
  #running = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(config: SerialScannerConfig) {
    this.#config = config;
    this.#framer = new LineFramer((config.limits ?? DEFAULT_LIMITS).maxBytes);
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  get source(): string {
    return `serial:${this.#config.port}`;
  }

  on<K extends keyof ScanSourceEvents>(event: K, listener: (value: ScanSourceEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#open();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#retry);
    clearTimeout(this.#idle);
    const port = this.#port;
    this.#port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.#setStatus({ state: 'disconnected' });
  }

  async #open(): Promise<void> {
    const port = new SerialPort({ path: this.#config.port, baudRate: this.#config.baudRate, autoOpen: false });
    const error = await new Promise<Error | null>((resolve) => port.open((e) => resolve(e ?? null)));
    if (!this.#running) {
      if (!error) port.close();
      return;
    }
    if (error) {
      const denied = /permission|EACCES/i.test(error.message);
      this.#setStatus(
        denied
          ? {
              state: 'fault',
              code: 'serial_permission_denied',
              message: '没有权限打开扫码枪串口，请技术员把终端用户加入 dialout 组。',
            }
          : { state: 'disconnected' },
      );
      this.#scheduleReopen();
      return;
    }
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    // Unplugging a CDC device (or a pty's other end going away) closes the port with an error.
    port.on('close', () => this.#onLost(port));
    port.on('error', () => this.#onLost(port));
    this.#setStatus({ state: 'ready' });
  }

  #onLost(port: SerialPort): void {
    if (this.#port !== port) return;
    this.#port = undefined;
    clearTimeout(this.#idle);
    this.#framer.flush();
    if (port.isOpen) port.close(() => undefined);
    this.#setStatus({ state: 'disconnected' });
    if (this.#running) this.#scheduleReopen();
  }

  #scheduleReopen(): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      if (this.#running && !this.#port) void this.#open();
    }, this.#config.reconnectMs ?? 2000);
  }

  #onData(chunk: Uint8Array): void {
    for (const frame of this.#framer.push(chunk)) this.#emit(frame);
    clearTimeout(this.#idle);
    if (this.#framer.pending) {
      this.#idle = setTimeout(() => {
        const frame = this.#framer.flush();
        if (frame) this.#emit(frame);
      }, this.#config.interByteTimeoutMs ?? 150);
    }
  }

  #emit(frame: Uint8Array): void {
    const payload = payloadFromBytes(frame, this.#config.limits);
    if (payload.ok)
      this.#events.emit('scan', {
        source: this.source,
        text: payload.value.text,
        encoding: payload.value.encoding,
        mode: 'serial',
      });
  }

  #setStatus(status: DeviceStatus): void {
    if (sameStatus(this.#status, status)) return;
    this.#status = status;
    this.#events.emit('status', status);
  }
}
