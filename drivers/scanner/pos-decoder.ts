/**
 * HID POS (usage page 0x8C "Bar Code Scanner") input reports → raw code bytes.
 * Layout after the report-ID byte, as used by WebHidBarcodeScanner for Honeywell / Zebra /
 * Datalogic (see docs/scanners.md): [0] number of data bytes in this report, [1..3] AIM symbology
 * identifier "]xy" (on some devices at [2..4], shifting the data by one), data from [4],
 * [60] Honeywell code ID, [62] non-zero when more reports follow. node-hid keeps the report ID as
 * byte 0 of the buffer, so every offset here is one more than in WebHID.
 */

export const POS_USAGE_PAGE = 0x8c;
export const POS_USAGE = 0x02;
export const POS_REPORT_ID = 0x02;

/** Honeywell / Youjie code IDs at payload offset 60 that matter to us. */
const HONEYWELL_SYMBOLOGY: Record<number, string> = {
  0x73: 'qr',
  0x77: 'data-matrix',
  0x72: 'pdf417',
  0x6a: 'code128',
  0x64: 'ean13',
  0x48: 'han-xin',
};

export interface PosCode {
  readonly bytes: Uint8Array;
  /** AIM identifier such as "]Q1" (QR), when the scanner sent one. */
  readonly aim?: string;
  readonly symbology?: string;
}

export interface PosDecoderOptions {
  /** Buffer limit for one code across continuation reports; beyond it the code is dropped. */
  readonly maxBytes?: number;
}

export class PosDecoder {
  readonly #maxBytes: number;
  #chunks: Uint8Array[] = [];
  #length = 0;
  #overflow = false;

  constructor(options: PosDecoderOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 4096;
  }

  /** Feeds one node-hid report (report ID first); returns a finished code or null. */
  push(report: Uint8Array): PosCode | null {
    if (report.length < 6 || report[0] !== POS_REPORT_ID) return null;
    const payload = report.subarray(1);
    const shift = payload[1] === 0x5d ? 0 : payload[2] === 0x5d ? 1 : -1;
    if (shift < 0) return null; // not a scanned-data report we understand
    const count = payload[0]!;
    const start = 4 + shift;
    // Data never runs into the trailer (code ID at 60, continuation flag at 62).
    const end = Math.min(start + count, 60, payload.length);
    this.#add(payload.subarray(start, Math.max(start, end)));
    const more = payload.length > 62 && payload[62] !== 0;
    if (more) return null;

    const aim = String.fromCharCode(payload[1 + shift]!, payload[2 + shift]!, payload[3 + shift]!);
    const symbology = payload.length > 60 ? HONEYWELL_SYMBOLOGY[payload[60]!] : undefined;
    const bytes = this.#take();
    if (!bytes) return null;
    return { bytes: stripTrailingNewline(bytes), aim, ...(symbology ? { symbology } : {}) };
  }

  reset(): void {
    this.#chunks = [];
    this.#length = 0;
    this.#overflow = false;
  }

  #add(chunk: Uint8Array): void {
    if (this.#length + chunk.length > this.#maxBytes) {
      this.#overflow = true;
      return;
    }
    this.#chunks.push(chunk.slice());
    this.#length += chunk.length;
  }

  #take(): Uint8Array | null {
    const overflow = this.#overflow;
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    this.reset();
    return overflow || out.length === 0 ? null : out;
  }
}

function stripTrailingNewline(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x0a)) end--;
  return bytes.subarray(0, end);
}

export interface PosEncodeOptions {
  /** Where "]" sits in the payload (1 on most devices, 2 on some). */
  readonly aimAt?: 1 | 2;
  readonly aim?: string;
  readonly codeId?: number;
}

/** Builds 64-byte node-hid reports (report ID + 63 bytes) for a code; for fakes, tests, benchmark. */
export function encodePosReports(data: Uint8Array, options: PosEncodeOptions = {}): Uint8Array[] {
  const shift = (options.aimAt ?? 1) - 1;
  const aim = options.aim ?? ']Q1';
  const perReport = 60 - 4 - shift;
  const reports: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < data.length; at += perReport) {
    const chunk = data.subarray(at, at + perReport);
    const report = new Uint8Array(64);
    report[0] = POS_REPORT_ID;
    const payload = report.subarray(1);
    payload[0] = chunk.length;
    for (let i = 0; i < 3; i++) payload[1 + shift + i] = aim.charCodeAt(i);
    payload.set(chunk, 4 + shift);
    payload[60] = options.codeId ?? 0x73;
    payload[62] = at + perReport < data.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}
