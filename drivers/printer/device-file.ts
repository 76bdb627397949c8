import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { TransportEvents } from './transport';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const HOT_MS = 30;

/**
 * A character device opened non-blocking (/dev/usb/lpN from the usblp driver, or a pty), read by
 * polling. Blocking reads would pin a libuv thread until the printer answered — and cheap USB
 * clones often never answer (write-only, no bulk-IN endpoint).
 */
export class DeviceFile {
  readonly events = new TypedEmitter<TransportEvents>();
  #handle: FileHandle | null = null;
  #reading = false;
  /** Until this time reads are retried at once instead of after pollMs: answers come soon after traffic. */
  #hotUntil = 0;
  #writes: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    readonly pollMs = 10,
  ) {}

  get isOpen(): boolean {
    return this.#handle !== null;
  }

  async open(): Promise<void> {
    if (this.#handle) return;
    this.#handle = await fs.open(this.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    void this.#readLoop(this.#handle);
  }

  /**
   * Writes go out one after another, in call order. Each FileHandle.write is a separate libuv
   * thread-pool request, so two writes in flight at once may reach the device in either order:
   * a printer's one-byte status answers (or a job and the buffer clear after it) would swap.
   */
  write(bytes: Buffer): Promise<void> {
    const done = this.#writes.then(() => this.#writeAll(bytes));
    this.#writes = done.catch(() => undefined);
    return done;
  }

  async #writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const h = this.#handle;
      if (!h) throw new Error('device closed');
      try {
        const { bytesWritten } = await h.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        this.#hotUntil = performance.now() + HOT_MS;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') {
          this.#lost(String((e as NodeJS.ErrnoException).code ?? e));
          throw e;
        }
        await sleep(this.pollMs);
      }
    }
  }

  async close(): Promise<void> {
    const h = this.#handle;
    this.#handle = null;
    this.#reading = false;
    if (h) await h.close().catch(() => undefined);
  }

  async #readLoop(h: FileHandle): Promise<void> {
    this.#reading = true;
    const buf = Buffer.alloc(4096);
    while (this.#reading && this.#handle === h) {
      try {
        const { bytesRead } = await h.read(buf, 0, buf.length, null);
        if (bytesRead > 0) {
          this.#hotUntil = performance.now() + HOT_MS;
          this.events.emit('data', Buffer.from(buf.subarray(0, bytesRead)));
        } else await this.#idle();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          await this.#idle();
          continue;
        }
        if (this.#handle === h) this.#lost(String(code ?? e));
        return;
      }
    }
  }

  #idle(): Promise<void> {
    return performance.now() < this.#hotUntil ? new Promise((r) => setImmediate(r)) : sleep(this.pollMs);
  }

  #lost(reason: string): void {
    const h = this.#handle;
    if (!h) return;
    this.#handle = null;
    this.#reading = false;
    void h.close().catch(() => undefined);
    this.events.emit('closed', { reason });
  }
}
