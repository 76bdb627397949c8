import type { Result } from '../../rules/result';
import type { DeviceStatus } from '../common/status';
import type { PrinterCondition } from './printer-status';
import type { ReceiptData } from './receipt-data';

/** Stable codes of a failed print; the job is kept and can be reprinted. */
export type PrintErrorCode =
  'paper_out' | 'cover_open' | 'printer_offline' | 'printer_error' | 'printer_timeout' | 'printer_disconnected';

export interface ReceiptPrinterEvents {
  status: DeviceStatus;
  /** Paper and cover conditions as last polled (only real printers emit this). */
  condition: PrinterCondition;
}

/** Implemented by the real ESC/POS driver and by the fake; the host only depends on this. */
export interface ReceiptPrinter {
  readonly status: DeviceStatus;
  on<K extends keyof ReceiptPrinterEvents>(event: K, listener: (value: ReceiptPrinterEvents[K]) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the printer reported the job done, or with a stable failure code. */
  printReceipt(receipt: ReceiptData): Promise<Result<{ readonly bytes: number }, PrintErrorCode>>;
}
