/**
 * ESC/POS command bytes, one builder per command. Byte layouts follow the Epson ESC/POS reference
 * as summarised in docs/receipt-printer.md; Chinese-mode commands (FS & / FS .) are those of the
 * Chinese clones (SPRT, SurePrint manuals). Every builder validates its parameters so that no
 * caller can smuggle arbitrary bytes into a command.
 */
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const EOT = 0x04;

function byte(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} out of range: ${value}`);
  return value;
}

export const initialise = (): Buffer => Buffer.from([ESC, 0x40]);
export const chineseModeOn = (): Buffer => Buffer.from([FS, 0x26]);
export const chineseModeOff = (): Buffer => Buffer.from([FS, 0x2e]);
export const lineFeed = (): Buffer => Buffer.from([0x0a]);

export type Alignment = 'left' | 'center' | 'right';
const alignCode: Record<Alignment, number> = { left: 0, center: 1, right: 2 };
export const align = (a: Alignment): Buffer => Buffer.from([ESC, 0x61, alignCode[a]]);

export const bold = (on: boolean): Buffer => Buffer.from([ESC, 0x45, on ? 1 : 0]);

/** GS ! n: high nibble = width multiplier − 1, low nibble = height multiplier − 1. */
export const characterSize = (width: number, height: number): Buffer =>
  Buffer.from([GS, 0x21, ((byte(width, 1, 8, 'width') - 1) << 4) | (byte(height, 1, 8, 'height') - 1)]);

export const lineSpacing = (dots: number): Buffer => Buffer.from([ESC, 0x33, byte(dots, 0, 255, 'line spacing')]);
export const defaultLineSpacing = (): Buffer => Buffer.from([ESC, 0x32]);
export const feedLines = (n: number): Buffer => Buffer.from([ESC, 0x64, byte(n, 0, 255, 'feed lines')]);

/** GS V B n: feed to the cutter plus n dots, then partial cut. */
export const feedAndCut = (n = 0): Buffer => Buffer.from([GS, 0x56, 0x42, byte(n, 0, 255, 'cut feed')]);

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
const ecCode: Record<QrErrorCorrection, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

/** GS ( k function 165: model 2. */
export const qrModel2 = (): Buffer => Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
/** GS ( k function 167: dots per module. */
export const qrModuleSize = (dots: number): Buffer =>
  Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, byte(dots, 1, 16, 'QR module size')]);
/** GS ( k function 169. */
export const qrErrorCorrection = (level: QrErrorCorrection): Buffer =>
  Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, ecCode[level]]);
/**
 * GS ( k function 180. The length is that of the encoded bytes plus 3 (for 31 50 30) — never the
 * JavaScript string length, which would leave the tail of multi-byte content to be printed as text
 * or run as commands.
 */
export function qrStore(data: Uint8Array): Buffer {
  const n = data.length + 3;
  if (data.length === 0 || n > 0xffff) throw new RangeError(`QR data length out of range: ${data.length}`);
  return Buffer.concat([Buffer.from([GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30]), data]);
}
/** GS ( k function 181. */
export const qrPrint = (): Buffer => Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);

export type HriPosition = 'none' | 'above' | 'below' | 'both';
const hriCode: Record<HriPosition, number> = { none: 0, above: 1, below: 2, both: 3 };
export const barcodeHeight = (dots: number): Buffer => Buffer.from([GS, 0x68, byte(dots, 1, 255, 'barcode height')]);
export const barcodeModuleWidth = (dots: number): Buffer => Buffer.from([GS, 0x77, byte(dots, 2, 6, 'barcode width')]);
export const barcodeHri = (pos: HriPosition): Buffer => Buffer.from([GS, 0x48, hriCode[pos]]);

/**
 * GS k 73 (CODE128), code set B: printable ASCII only, so the data can never contain a control
 * byte. "{" must be doubled in the data ("{{" is a literal brace in Epson's CODE128 syntax).
 */
export function code128(data: string): Buffer {
  if (!/^[\x20-\x7e]{1,200}$/.test(data)) throw new RangeError('CODE128 data must be 1–200 printable ASCII characters');
  const body = Buffer.from('{B' + data.replaceAll('{', '{{'), 'ascii');
  if (body.length > 255) throw new RangeError('CODE128 data too long');
  return Buffer.concat([Buffer.from([GS, 0x6b, 73, body.length]), body]);
}

/**
 * GS v 0 raster bit image, 1 bit per dot, MSB leftmost. Sent in bands of at most 255 rows because
 * some firmware reads only the low byte of the row count (noted by receipt-printer-encoder).
 */
export function rasterImage(bits: Uint8Array, bytesPerRow: number, rows: number): Buffer {
  byte(bytesPerRow, 1, 255, 'raster bytes per row');
  if (bits.length !== bytesPerRow * rows) throw new RangeError('raster size mismatch');
  const parts: Buffer[] = [];
  for (let y = 0; y < rows; y += 255) {
    const band = Math.min(255, rows - y);
    parts.push(Buffer.from([GS, 0x76, 0x30, 0x00, bytesPerRow, 0x00, band & 0xff, band >> 8]));
    parts.push(withoutRealTimePrefix(bits.subarray(y * bytesPerRow, (y + band) * bytesPerRow)));
  }
  return Buffer.concat(parts);
}

/**
 * Printers that scan for real-time commands would take DLE EOT (10 04) inside image data as a
 * status request (Epson notes this for DLE EOT). Clearing one dot of such a pair costs nothing visible.
 */
function withoutRealTimePrefix(bits: Uint8Array): Buffer {
  const out = Buffer.from(bits);
  for (let i = 0; i + 1 < out.length; i++) if (out[i] === 0x10 && out[i + 1] === 0x04) out[i + 1] = 0x00;
  return out;
}

/** DLE EOT n: real-time status (n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor). */
export const realTimeStatus = (n: 1 | 2 | 3 | 4): Buffer => Buffer.from([DLE, EOT, n]);
/**
 * GS r 1: paper sensor status, answered only when the printer reaches it in its buffer, so its
 * answer means the job before it was processed (as receiptline uses it).
 */
export const transmitPaperStatus = (): Buffer => Buffer.from([GS, 0x72, 0x01]);
/** GS a 0: no automatic status back, so unsolicited bytes never mix with our answers. */
export const disableAutoStatus = (): Buffer => Buffer.from([GS, 0x61, 0x00]);
