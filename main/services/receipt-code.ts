/**
 * The QR on a receipt: `CZR1:<local number>`. Short (a small QR prints fast and scans from
 * crumpled paper) and carries no personal data: the number only finds the record on this terminal.
 */
const prefix = 'CZR1:';
const localNumberPattern = /^[0-9A-Z-]{6,40}$/;

export function receiptCode(localNumber: string): string {
  return prefix + localNumber;
}

export function parseReceiptCode(text: string): string | null {
  if (!text.startsWith(prefix)) return null;
  const n = text.slice(prefix.length);
  return localNumberPattern.test(n) ? n : null;
}
