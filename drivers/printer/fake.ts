import { err, ok, type Result } from '../../rules/result';
import type { DeviceStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import { printErrorMessages } from './print-errors';
import type { ReceiptData } from './receipt-data';
import type { PrintErrorCode, ReceiptPrinter, ReceiptPrinterEvents } from './receipt-printer';

/** Behavioural fake: records receipts, can be told to fail once or to stay out of paper. */
export class FakeReceiptPrinter implements ReceiptPrinter {
  readonly #events = new TypedEmitter<ReceiptPrinterEvents>();
  #status: DeviceStatus = { state: 'disconnected' };
  #nextFailure: PrintErrorCode | null = null;
  #persistentFailure: PrintErrorCode | null = null;
  readonly printed: ReceiptData[] = [];

  get status(): DeviceStatus {
    return this.#status;
  }

  on<K extends keyof ReceiptPrinterEvents>(event: K, listener: (value: ReceiptPrinterEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    this.#setStatus(this.#persistentFailure ? this.#fault(this.#persistentFailure) : { state: 'ready' });
  }

  async stop(): Promise<void> {
    this.#setStatus({ state: 'disconnected' });
  }

  failNext(code: PrintErrorCode): void {
    this.#nextFailure = code;
  }

  /** Like a real printer out of paper or with its cover open: every job fails until cleared (null). */
  setFault(code: PrintErrorCode | null): void {
    this.#persistentFailure = code;
    if (this.#status.state === 'disconnected') return;
    this.#setStatus(code ? this.#fault(code) : { state: 'ready' });
  }

  async printReceipt(receipt: ReceiptData): Promise<Result<{ readonly bytes: number }, PrintErrorCode>> {
    if (this.#status.state === 'disconnected')
      return err('printer_disconnected', printErrorMessages.printer_disconnected);
    const failure = this.#nextFailure ?? this.#persistentFailure;
    this.#nextFailure = null;
    if (failure) {
      this.#setStatus(this.#fault(failure));
      return err(failure, printErrorMessages[failure]);
    }
    this.#setStatus({ state: 'busy' });
    this.printed.push(receipt);
    this.#setStatus({ state: 'ready' });
    return ok({ bytes: JSON.stringify(receipt).length });
  }

  #fault(code: PrintErrorCode): DeviceStatus {
    return { state: 'fault', code, message: printErrorMessages[code] };
  }

  #setStatus(status: DeviceStatus): void {
    this.#status = status;
    this.#events.emit('status', status);
  }
}
