/**
 * DLE EOT n real-time status bytes (Epson ESC/POS; bits 1 and 4 always 1, bits 0 and 7 always 0,
 * so a quiet printer answers 0x12). Decoded into the conditions the driver acts on.
 */
export interface PrinterCondition {
  readonly paperEnd: boolean;
  readonly paperNearEnd: boolean;
  readonly coverOpen: boolean;
  readonly offline: boolean;
  readonly error: boolean;
}

export const healthyCondition: PrinterCondition = {
  paperEnd: false,
  paperNearEnd: false,
  coverOpen: false,
  offline: false,
  error: false,
};

/** True for a DLE EOT answer; GS r answers have bit 4 clear, so the two never get confused. */
export function isRealTimeStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

export function decodeStatus(n: 1 | 2 | 3 | 4, b: number): Partial<PrinterCondition> {
  switch (n) {
    case 1:
      return { offline: bit(b, 3) };
    case 2:
      // bit 2 cover open, bit 5 stopped by paper end, bit 6 error occurred
      return { coverOpen: bit(b, 2), paperEnd: bit(b, 5), error: bit(b, 6) };
    case 3:
      // bit 3 autocutter error, bit 5 unrecoverable, bit 6 auto-recoverable
      return { error: bit(b, 3) || bit(b, 5) || bit(b, 6) };
    case 4:
      // bits 2+3 roll near end, bits 5+6 paper end
      return { paperNearEnd: bit(b, 2) && bit(b, 3), paperEnd: bit(b, 5) && bit(b, 6) };
  }
}

/** Builds the answer byte for a condition; the simulator uses it so both sides share one table. */
export function encodeStatus(n: 1 | 2 | 3 | 4, c: PrinterCondition): number {
  let b = 0x12;
  if (n === 1 && c.offline) b |= 1 << 3;
  if (n === 2) {
    if (c.coverOpen) b |= 1 << 2;
    if (c.paperEnd) b |= 1 << 5;
    if (c.error) b |= 1 << 6;
  }
  if (n === 3 && c.error) b |= 1 << 5;
  if (n === 4) {
    if (c.paperNearEnd || c.paperEnd) b |= 0x0c;
    if (c.paperEnd) b |= 0x60;
  }
  return b;
}

export function mergeConditions(parts: readonly Partial<PrinterCondition>[]): PrinterCondition {
  const c = { ...healthyCondition };
  for (const p of parts) for (const k of Object.keys(p) as (keyof PrinterCondition)[]) c[k] = c[k] || Boolean(p[k]);
  return c;
}
