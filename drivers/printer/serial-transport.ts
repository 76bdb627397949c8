import { SerialPort } from 'serialport';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { PrinterTransport, TransportEvents } from './transport';

/** RS-232 / USB-serial (CDC) printers; 8N1, no flow control (the clones' factory setting). */
export class SerialPrinterTransport implements PrinterTransport {
  readonly events = new TypedEmitter<TransportEvents>();
  #port: SerialPort | null = null;

  constructor(
    readonly path: string,
    readonly baudRate: number,
  ) {}

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }
  get describe(): string {
    return `serial:${this.path}@${this.baudRate}`;
  }

  open(): Promise<void> {
    if (this.#port?.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
      port.open((e) => {
        if (e) return reject(e);
        this.#port = port;
        port.on('data', (d: Buffer) => this.events.emit('data', d));
        port.on('close', () => this.#lost('closed'));
        port.on('error', (err: Error) => this.#lost(err.message));
        resolve();
      });
    });
  }

  write(bytes: Buffer): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return Promise.reject(new Error('serial port closed'));
    return new Promise((resolve, reject) => {
      port.write(bytes, (e) => {
        if (e) return reject(e);
        port.drain((e2) => (e2 ? reject(e2) : resolve()));
      });
    });
  }

  close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }

  #lost(reason: string): void {
    if (!this.#port) return;
    const port = this.#port;
    this.#port = null;
    if (port.isOpen) port.close(() => undefined);
    this.events.emit('closed', { reason });
  }
}
