import { accessSync, constants, existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { err, ok, type Result } from '../../rules/result';
import type { ByteTransport, OpenErrorCode } from './transport';

export interface SerialOptions {
  readonly path: string;
  /** 115200 is the SAM default; 57600/38400/19200/9600 are selectable on some modules. */
  readonly baudRate?: number;
  readonly dataBits?: 5 | 6 | 7 | 8;
  readonly parity?: 'none' | 'even' | 'odd';
  readonly stopBits?: 1 | 2;
}

export const OPEN_ERROR_MESSAGES: Readonly<Record<OpenErrorCode, string>> = {
  port_missing: '找不到读卡器串口，请检查读卡器的USB线是否插好，或端口设置是否正确',
  permission_denied:
    '没有权限打开读卡器串口：请把运行用户加入 dialout 组（sudo usermod -aG dialout 用户名，然后重新登录），' +
    '或添加 udev 规则：SUBSYSTEM=="tty", ATTRS{idVendor}=="xxxx", MODE="0660", GROUP="dialout"',
  port_busy: '读卡器串口被其他程序占用，请关闭其他读卡软件后重试',
  open_failed: '无法打开读卡器串口，请重新插拔读卡器后重试',
};

/** Classify before opening: serialport's own error texts differ between platforms and versions. */
export function checkPortAccess(path: string): OpenErrorCode | null {
  if (!existsSync(path)) return 'port_missing';
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'port_missing';
    if (code === 'EACCES' || code === 'EPERM') return 'permission_denied';
  }
  return null;
}

export class SerialTransport implements ByteTransport {
  readonly #options: SerialOptions;
  #port: SerialPort | null = null;
  #closing = false;
  readonly #dataListeners: ((b: Uint8Array) => void)[] = [];
  readonly #lostListeners: ((reason: string) => void)[] = [];

  constructor(options: SerialOptions) {
    this.#options = options;
  }

  get description(): string {
    return this.#options.path;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  isPresent(): boolean {
    return existsSync(this.#options.path);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.#dataListeners.push(listener);
  }

  onLost(listener: (reason: string) => void): void {
    this.#lostListeners.push(listener);
  }

  async open(): Promise<Result<void, OpenErrorCode>> {
    const pre = checkPortAccess(this.#options.path);
    if (pre) return err(pre, OPEN_ERROR_MESSAGES[pre]);
    const port = new SerialPort({
      path: this.#options.path,
      baudRate: this.#options.baudRate ?? 115200,
      dataBits: this.#options.dataBits ?? 8,
      parity: this.#options.parity ?? 'none',
      stopBits: this.#options.stopBits ?? 1,
      autoOpen: false,
      // Exclusive so two programs never interleave SAM frames on one reader.
      lock: true,
    });
    const opened = await new Promise<Error | null>((resolve) => port.open((e) => resolve(e ?? null)));
    if (opened) {
      const text = opened.message.toLowerCase();
      const code: OpenErrorCode = text.includes('permission')
        ? 'permission_denied'
        : text.includes('no such file')
          ? 'port_missing'
          : text.includes('lock') || text.includes('busy')
            ? 'port_busy'
            : 'open_failed';
      return err(code, OPEN_ERROR_MESSAGES[code]);
    }
    this.#closing = false;
    this.#port = port;
    port.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const l of this.#dataListeners) l(bytes);
    });
    port.on('error', () => {
      // Errors on an open port end in 'close' (serialport treats read errors as a disconnect).
    });
    port.on('close', () => {
      if (this.#port === port) this.#port = null;
      if (!this.#closing) for (const l of this.#lostListeners) l('port closed');
    });
    return ok(undefined);
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) throw new Error('port not open');
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve()));
    });
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    if (!port?.isOpen) return;
    this.#closing = true;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
