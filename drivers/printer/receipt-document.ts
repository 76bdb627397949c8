import type { Alignment, QrErrorCorrection } from './escpos-commands';

/** One printed element of a receipt, after layout (text already wrapped to the paper width). */
export type ReceiptLine =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly align: Alignment;
      readonly bold?: boolean;
      readonly size?: 1 | 2;
    }
  | {
      readonly kind: 'qr';
      readonly content: string;
      readonly moduleSize: number;
      readonly errorCorrection: QrErrorCorrection;
    }
  | { readonly kind: 'barcode'; readonly data: string }
  | { readonly kind: 'rule' }
  | { readonly kind: 'feed'; readonly lines: number };

export type PaperWidth = 58 | 80;

export interface PaperGeometry {
  readonly dots: number;
  /** Font A (12 dots) columns. */
  readonly columns: number;
  readonly qrModuleSize: number;
}

/** 203 dpi printers: 384 printable dots on 58 mm, 576 on 80 mm (printer database of receipt-printer-encoder). */
export function paperGeometry(width: PaperWidth): PaperGeometry {
  return width === 58 ? { dots: 384, columns: 32, qrModuleSize: 6 } : { dots: 576, columns: 48, qrModuleSize: 8 };
}
