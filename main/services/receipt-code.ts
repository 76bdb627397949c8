import { RECEIPT_PREFIX } from '../../drivers/scanner/classify';

/**
 * The QR on a receipt: `CZR1:<local number>`. Short (a small QR prints fast and scans from
 * crumpled paper) and carries no personal data: the number only finds the record on this
 * terminal. The scanners' classifier (drivers/scanner/classify.ts) reads it back.
 */
export function receiptCode(localNumber: string): string {
  return RECEIPT_PREFIX + localNumber;
}
