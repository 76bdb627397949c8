import { Socket } from 'node:net';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { PrinterTransport, TransportEvents } from './transport';

/** Raw TCP ("JetDirect", port 9100) network printers. */
export class TcpPrinterTransport implements PrinterTransport {
  readonly events = new TypedEmitter<TransportEvents>();
  #socket: Socket | null = null;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly connectTimeoutMs = 3000,
  ) {}

  get isOpen(): boolean {
    return this.#socket !== null;
  }
  get describe(): string {
    return `tcp:${this.host}:${this.port}`;
  }

  open(): Promise<void> {
    if (this.#socket) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const fail = (e: Error): void => {
        socket.destroy();
        reject(e);
      };
      socket.setTimeout(this.connectTimeoutMs, () => fail(new Error('connect timeout')));
      socket.once('error', fail);
      socket.connect(this.port, this.host, () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 5000);
        this.#socket = socket;
        socket.on('data', (d) => this.events.emit('data', d));
        socket.on('error', (e) => this.#lost(e.message));
        socket.on('close', () => this.#lost('closed'));
        resolve();
      });
    });
  }

  write(bytes: Buffer): Promise<void> {
    const socket = this.#socket;
    if (!socket) return Promise.reject(new Error('socket closed'));
    return new Promise((resolve, reject) => socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = null;
    socket?.destroy();
  }

  #lost(reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.destroy();
    this.events.emit('closed', { reason });
  }
}
