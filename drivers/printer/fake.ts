import { err, ok, type Result } from '../common/result';
import type { DeviceStatus } from '../common/status';
import { TypedEmitter } from '../common/typed-emitter';
import type { ReceiptData } from './receipt-data';
import type { PrintErrorCode, ReceiptPrinter, ReceiptPrinterEvents } from './receipt-printer';

const messages: Record<PrintErrorCode, string> = {
  paper_out: '打印纸用完了，请找工作人员补打回执',
  cover_open: '打印机盖没有关好，请找工作人员处理',
  printer_offline: '打印机暂时不能用，请找工作人员补打回执',
  printer_error: '打印机出错了，请找工作人员补打回执',
  printer_timeout: '打印机没有响应，请找工作人员补打回执',
  printer_disconnected: '打印机没有连接，请找工作人员补打回执',
};

/** Behavioural fake: records receipts, can be told to fail with any stable code. */
export class FakeReceiptPrinter implements ReceiptPrinter {
  readonly #events = new TypedEmitter<ReceiptPrinterEvents>();
  #status: DeviceStatus = { state: 'disconnected' };
  #nextFailure: PrintErrorCode | null = null;
  readonly printed: ReceiptData[] = [];

  get status(): DeviceStatus {
    return this.#status;
  }

  on<K extends keyof ReceiptPrinterEvents>(event: K, listener: (value: ReceiptPrinterEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    this.#setStatus({ state: 'ready' });
  }

  async stop(): Promise<void> {
    this.#setStatus({ state: 'disconnected' });
  }

  failNext(code: PrintErrorCode): void {
    this.#nextFailure = code;
  }

  async printReceipt(receipt: ReceiptData): Promise<Result<{ readonly bytes: number }, PrintErrorCode>> {
    if (this.#status.state === 'disconnected') return err('printer_disconnected', messages.printer_disconnected);
    const failure = this.#nextFailure;
    this.#nextFailure = null;
    if (failure) return err(failure, messages[failure]);
    this.#setStatus({ state: 'busy' });
    this.printed.push(receipt);
    this.#setStatus({ state: 'ready' });
    return ok({ bytes: JSON.stringify(receipt).length });
  }

  #setStatus(status: DeviceStatus): void {
    this.#status = status;
    this.#events.emit('status', status);
  }
}
