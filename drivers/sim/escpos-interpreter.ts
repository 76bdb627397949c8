import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { Bitmap } from '../printer/bitmap';
import { printerCovers, type FontCoverage } from '../printer/font-coverage';
import { drawPlaceholder, GlyphRasteriser } from '../printer/glyph-rasteriser';
import { code128BModules } from './code128-bars';

/**
 * An ESC/POS interpreter for the subset receipt printers and our encoder use: it decodes the byte
 * stream the way a Chinese-mode thermal printer does (GB18030 double-byte text, print modes, QR by
 * GS ( k, CODE128, GS v 0 raster, cuts) and renders each receipt to a PNG and a text transcript.
 * Unknown commands are recorded, never guessed, so tests can assert that none were sent.
 */

export interface RasterRegion {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly ink: number;
}

export interface RenderedReceipt {
  /** Printed text lines (trailing blanks trimmed), QR/barcode/raster shown as [..] markers. */
  readonly lines: readonly string[];
  readonly transcript: string;
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  readonly qrContents: readonly string[];
  readonly barcodes: readonly string[];
  readonly rasterRegions: readonly RasterRegion[];
  /** Characters the printer font lacks, drawn as boxes (a wrong encoder choice). */
  readonly missingGlyphs: number;
  readonly unknownCommands: readonly string[];
  readonly bytes: number;
}

export interface InterpreterOptions {
  readonly paperDots: number;
  /** The simulated printer's built-in font. */
  readonly fontCoverage: FontCoverage;
  /** Font used to draw the printer's built-in glyphs in the PNG. */
  readonly fontPath: string;
}

interface Cell {
  readonly ch: string;
  readonly glyph: Bitmap;
  readonly bold: boolean;
}

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly bitmap: Bitmap;
}

const MARGIN = 16;
const LINE = 30;
const qrEc = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' } as const;

function scale(src: Bitmap, sx: number, sy: number): Bitmap {
  if (sx === 1 && sy === 1) return src;
  const out = new Bitmap(src.width * sx, src.height * sy);
  for (let y = 0; y < out.height; y++)
    for (let x = 0; x < out.width; x++) if (src.get(Math.floor(x / sx), Math.floor(y / sy))) out.set(x, y);
  return out;
}

export class EscPosInterpreter {
  onRespond: (bytes: Buffer) => void = () => undefined;
  onReceipt: (r: RenderedReceipt) => void = () => undefined;
  /** Answer to GS r 1 (bits 0–1 near end, bits 2–3 paper end, bit 4 always 0). */
  paperSensorByte: () => number = () => 0;

  readonly #opts: InterpreterOptions;
  readonly #glyphs: GlyphRasteriser;
  #buf: Buffer = Buffer.alloc(0);
  // modes
  #chinese = false;
  #align: 0 | 1 | 2 = 0;
  #bold = false;
  #wMul = 1;
  #hMul = 1;
  #lineSpacing = LINE;
  #bar = { height: 162, width: 3 };
  #qr = { module: 3, ec: 'M' as 'L' | 'M' | 'Q' | 'H', data: Buffer.alloc(0) };
  // page
  #y = 0;
  #cells: Cell[] = [];
  #placed: Placed[] = [];
  #lines: string[] = [];
  #qrContents: string[] = [];
  #barcodes: string[] = [];
  #regions: RasterRegion[] = [];
  #unknown: string[] = [];
  #missing = 0;
  #bytes = 0;
  #cutBytes = 0;

  constructor(opts: InterpreterOptions) {
    this.#opts = opts;
    this.#glyphs = new GlyphRasteriser(opts.fontPath);
  }

  /** Bytes consumed since the last cut (or abort). */
  get pendingBytes(): number {
    return this.#bytes;
  }

  feed(chunk: Buffer): void {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    let at = 0;
    for (;;) {
      const used = this.#step(this.#buf, at);
      if (used === 0) break;
      // a cut closes its page itself, counting its own bytes
      if (this.#cutBytes === 0) this.#bytes += used;
      this.#cutBytes = 0;
      at += used;
    }
    this.#buf = this.#buf.subarray(at);
  }

  /** Drops unprocessed input and the half-printed page (DLE DC4 8, or power cycle). */
  abort(): void {
    this.#buf = Buffer.alloc(0);
    this.#resetModes();
    this.#newPage();
  }

  #resetModes(): void {
    this.#bar = { height: 162, width: 3 };
    this.#align = 0;
    this.#bold = false;
    this.#wMul = 1;
    this.#hMul = 1;
    this.#lineSpacing = LINE;
  }

  #newPage(): void {
    this.#y = 0;
    this.#cells = [];
    this.#placed = [];
    this.#lines = [];
    this.#qrContents = [];
    this.#barcodes = [];
    this.#regions = [];
    this.#unknown = [];
    this.#missing = 0;
    this.#bytes = 0;
  }

  /** Executes one command or character at `at`; returns bytes used, 0 when more input is needed. */
  #step(b: Buffer, at: number): number {
    const left = b.length - at;
    if (left <= 0) return 0;
    const c = b[at]!;
    const p = (i: number): number => b[at + i]!;
    const need = (n: number): boolean => left >= n;
    switch (c) {
      case 0x0a:
        this.#flushLine(true);
        return 1;
      case 0x0d:
        return 1;
      case 0x09:
        this.#addChar(' ');
        return 1;
      case 0x10: // DLE: real-time commands were answered on arrival by the simulator
        if (!need(3)) return 0;
        if (p(1) === 0x04) return 3;
        if (p(1) === 0x14) return need(3) && p(2) === 0x08 ? (need(10) ? 10 : 0) : need(5) ? 5 : 0;
        this.#unknown.push(`DLE ${p(1).toString(16)}`);
        return 2;
      case 0x1b:
        return this.#esc(b, at, left);
      case 0x1d:
        return this.#gs(b, at, left);
      case 0x1c:
        if (!need(2)) return 0;
        if (p(1) === 0x26) this.#chinese = true;
        else if (p(1) === 0x2e) this.#chinese = false;
        else if (p(1) === 0x21 || p(1) === 0x2d || p(1) === 0x57) return need(3) ? 3 : 0;
        else {
          this.#unknown.push(`FS ${p(1).toString(16)}`);
        }
        return 2;
    }
    if (c < 0x20 || c === 0x7f) {
      this.#unknown.push(`ctl ${c.toString(16)}`);
      return 1;
    }
    if (c < 0x80) {
      this.#addChar(String.fromCharCode(c));
      return 1;
    }
    if (!this.#chinese) {
      this.#addChar('?');
      return 1;
    }
    if (c === 0x80 || c === 0xff) {
      this.#addChar('\uFFFD');
      return 1;
    }
    if (!need(2)) return 0;
    const len = p(1) >= 0x30 && p(1) <= 0x39 ? 4 : 2;
    if (!need(len)) return 0;
    const ch = new TextDecoder('gb18030').decode(b.subarray(at, at + len));
    // Printers read only the double-byte areas; a 4-byte code prints as garbage on real hardware.
    this.#addChar(len === 4 || !printerCovers(ch, this.#opts.fontCoverage) ? '\uFFFD' : ch);
    return len;
  }

  #esc(b: Buffer, at: number, left: number): number {
    if (left < 2) return 0;
    const op = b[at + 1]!;
    if (op === 0x40) {
      this.#resetModes();
      return 2;
    }
    if (op === 0x32) {
      this.#lineSpacing = LINE;
      return 2;
    }
    if (left < 3) return 0;
    const n = b[at + 2]!;
    switch (op) {
      case 0x61:
        this.#align = (n % 0x30 > 2 ? 0 : n % 0x30) as 0 | 1 | 2;
        return 3;
      case 0x45:
        this.#bold = (n & 1) === 1;
        return 3;
      case 0x21:
        this.#bold = (n & 0x08) !== 0;
        this.#hMul = n & 0x10 ? 2 : 1;
        this.#wMul = n & 0x20 ? 2 : 1;
        return 3;
      case 0x33:
        this.#lineSpacing = n;
        return 3;
      case 0x64:
        this.#flushLine(false);
        for (let i = 0; i < n; i++) this.#flushLine(true);
        return 3;
      case 0x4a:
        this.#flushLine(false);
        this.#y += n;
        return 3;
      case 0x2d:
      case 0x4d:
      case 0x74:
      case 0x52:
      case 0x47:
      case 0x20:
        return 3;
      default:
        this.#unknown.push(`ESC ${op.toString(16)}`);
        return 2;
    }
  }

  #gs(b: Buffer, at: number, left: number): number {
    if (left < 2) return 0;
    const op = b[at + 1]!;
    if (left < 3) return 0;
    const n = b[at + 2]!;
    switch (op) {
      case 0x21:
        this.#wMul = ((n >> 4) & 7) + 1;
        this.#hMul = (n & 7) + 1;
        return 3;
      case 0x68:
        this.#bar.height = Math.max(1, n);
        return 3;
      case 0x77:
        this.#bar.width = Math.min(6, Math.max(1, n));
        return 3;
      case 0x48:
      case 0x66:
      case 0x61:
      case 0x42:
        return 3;
      case 0x72:
        // GS r: answered when reached in the buffer — the end-of-job marker. Bit 4 is 0.
        this.onRespond(Buffer.from([this.paperSensorByte() & 0x0f]));
        return 3;
      case 0x56: {
        const len = n === 0x41 || n === 0x42 ? 4 : 3;
        if (left < len) return 0;
        this.#cutBytes = len;
        this.#cut();
        return len;
      }
      case 0x28:
        return this.#gsParen(b, at, left);
      case 0x6b:
        return this.#barcode(b, at, left);
      case 0x76:
        return this.#raster(b, at, left);
      default:
        this.#unknown.push(`GS ${op.toString(16)}`);
        return 2;
    }
  }

  #gsParen(b: Buffer, at: number, left: number): number {
    if (left < 5) return 0;
    const fnClass = b[at + 2]!;
    const len = b[at + 3]! + b[at + 4]! * 256;
    if (left < 5 + len) return 0;
    const body = b.subarray(at + 5, at + 5 + len);
    if (fnClass !== 0x6b || body[0] !== 0x31) {
      this.#unknown.push(`GS ( ${fnClass.toString(16)}`);
      return 5 + len;
    }
    switch (body[1]) {
      case 0x43:
        this.#qr.module = body[2] ?? 3;
        break;
      case 0x45:
        this.#qr.ec = qrEc[(body[2] ?? 0x31) as keyof typeof qrEc] ?? 'M';
        break;
      case 0x50:
        this.#qr.data = Buffer.from(body.subarray(3));
        break;
      case 0x51:
        this.#printQr();
        break;
    }
    return 5 + len;
  }

  #printQr(): void {
    this.#flushLine(false);
    if (this.#qr.data.length === 0) return;
    let qr: ReturnType<typeof QRCode.create>;
    try {
      qr = QRCode.create([{ data: new Uint8Array(this.#qr.data), mode: 'byte' }], {
        errorCorrectionLevel: this.#qr.ec,
      });
    } catch {
      // more data than a QR code holds: a real printer prints nothing
      this.#unknown.push('QR data too long');
      return;
    }
    const size = qr.modules.size;
    const s = this.#qr.module;
    const bm = new Bitmap(size * s, size * s);
    for (let r = 0; r < size; r++)
      for (let col = 0; col < size; col++)
        if (qr.modules.get(r, col))
          for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) bm.set(col * s + dx, r * s + dy);
    this.#placeBlock(bm);
    const text = new TextDecoder('utf-8').decode(this.#qr.data);
    this.#qrContents.push(text);
    this.#lines.push(`[QR] ${text}`);
  }

  #barcode(b: Buffer, at: number, left: number): number {
    if (left < 4) return 0;
    const m = b[at + 2]!;
    let data: Buffer;
    let used: number;
    if (m <= 6) {
      const end = b.indexOf(0, at + 3);
      if (end < 0) return 0;
      data = b.subarray(at + 3, end);
      used = end + 1 - at;
    } else {
      const n = b[at + 3]!;
      if (left < 4 + n) return 0;
      data = b.subarray(at + 4, at + 4 + n);
      used = 4 + n;
    }
    let text = data.toString('latin1');
    const setB = m === 73 && /^\{B/.test(text) && !/\{[^{]/.test(text.slice(2).replaceAll('{{', ''));
    if (m === 73) text = text.replace(/^\{[ABC]/, '').replaceAll('{{', '{');
    this.#flushLine(false);
    const modules = setB ? code128BModules(text) : null;
    const total = modules ? modules.reduce((a, b) => a + b, 0) * this.#bar.width : 0;
    let bm: Bitmap;
    if (modules && total <= this.#opts.paperDots) {
      bm = new Bitmap(total, this.#bar.height);
      let x = 0;
      modules.forEach((w, i) => {
        if (i % 2 === 0)
          for (let dx = 0; dx < w * this.#bar.width; dx++) for (let y = 0; y < bm.height; y++) bm.set(x + dx, y);
        x += w * this.#bar.width;
      });
    } else {
      // Symbologies or code sets the simulator does not draw: a hatched box, data still recorded.
      bm = new Bitmap(Math.min(this.#opts.paperDots, 22 * text.length + 40), this.#bar.height);
      for (let x = 0; x < bm.width; x += 4) for (let y = 0; y < bm.height; y++) bm.set(x, y);
    }
    this.#placeBlock(bm);
    this.#y += 8;
    this.#barcodes.push(text);
    this.#lines.push(`[CODE128] ${text}`);
    return used;
  }

  #raster(b: Buffer, at: number, left: number): number {
    if (left < 8) return 0;
    const mode = b[at + 3]!;
    const xBytes = b[at + 4]! + b[at + 5]! * 256;
    const rows = b[at + 6]! + b[at + 7]! * 256;
    const len = 8 + xBytes * rows;
    if (left < len) return 0;
    this.#flushLine(false);
    const img = scale(Bitmap.unpack(b.subarray(at + 8, at + len), xBytes, rows), mode & 1 ? 2 : 1, mode & 2 ? 2 : 1);
    const x = this.#placeBlock(img);
    const last = this.#regions.at(-1);
    // Consecutive bands of one image are one region.
    if (last && last.y + last.height === this.#y - img.height && last.x === x && last.width === img.width) {
      this.#regions[this.#regions.length - 1] = {
        ...last,
        height: last.height + img.height,
        ink: last.ink + img.inkCount(),
      };
    } else {
      this.#regions.push({ x, y: this.#y - img.height, width: img.width, height: img.height, ink: img.inkCount() });
      this.#lines.push(`[raster ${img.width}x${img.height}]`);
    }
    return len;
  }

  #placeBlock(bm: Bitmap): number {
    const free = this.#opts.paperDots - bm.width;
    const x = this.#align === 0 ? 0 : this.#align === 1 ? Math.floor(free / 2) : free;
    this.#placed.push({ x: Math.max(0, x), y: this.#y, bitmap: bm });
    this.#y += bm.height;
    return Math.max(0, x);
  }

  #addChar(ch: string): void {
    let glyph: Bitmap;
    if (ch === '\uFFFD') {
      this.#missing += 1;
      glyph = new Bitmap(24, 24);
      drawPlaceholder(glyph);
    } else {
      glyph = ch === ' ' ? new Bitmap(12, 24) : this.#glyphs.glyph(ch, 24).bitmap;
    }
    const cell = { ch, glyph: scale(glyph, this.#wMul, this.#hMul), bold: this.#bold };
    const used = this.#cells.reduce((s, c) => s + c.glyph.width, 0);
    // Like the printer: a character that does not fit starts a new line.
    if (used + cell.glyph.width > this.#opts.paperDots) this.#flushLine(true);
    this.#cells.push(cell);
  }

  #flushLine(lineFeed: boolean): void {
    if (this.#cells.length === 0) {
      if (lineFeed) {
        this.#lines.push('');
        this.#y += this.#lineSpacing;
      }
      return;
    }
    const width = this.#cells.reduce((s, c) => s + c.glyph.width, 0);
    const height = Math.max(...this.#cells.map((c) => c.glyph.height));
    const free = this.#opts.paperDots - width;
    let x = this.#align === 0 ? 0 : this.#align === 1 ? Math.floor(free / 2) : free;
    const line = new Bitmap(this.#opts.paperDots, height);
    for (const c of this.#cells) {
      line.blit(c.glyph, x, height - c.glyph.height);
      if (c.bold) line.blit(c.glyph, x + 1, height - c.glyph.height);
      x += c.glyph.width;
    }
    this.#placed.push({ x: 0, y: this.#y, bitmap: line });
    this.#lines.push(
      this.#cells
        .map((c) => c.ch)
        .join('')
        .trimEnd(),
    );
    this.#y += Math.max(this.#lineSpacing, height + 6);
    this.#cells = [];
  }

  #cut(): void {
    this.#flushLine(false);
    const width = this.#opts.paperDots + 2 * MARGIN;
    const height = this.#y + 2 * MARGIN;
    const placed = this.#placed;
    let png: Buffer | null = null;
    const lines = [...this.#lines];
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    const receipt: RenderedReceipt = {
      lines,
      transcript: lines.join('\n'),
      // Rendered on first use: a real printer is done when the paper is cut, so the PNG's cost
      // must not delay the answers the driver waits for.
      get png(): Buffer {
        png ??= renderPng(placed, width, height);
        return png;
      },
      width,
      height,
      qrContents: [...this.#qrContents],
      barcodes: [...this.#barcodes],
      rasterRegions: [...this.#regions],
      missingGlyphs: this.#missing,
      unknownCommands: [...this.#unknown],
      bytes: this.#bytes + this.#cutBytes,
    };
    this.#newPage();
    this.onReceipt(receipt);
  }
}

function renderPng(placed: readonly Placed[], width: number, height: number): Buffer {
  const page = new Bitmap(width, height);
  for (const p of placed) page.blit(p.bitmap, p.x + MARGIN, p.y + MARGIN);
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  const gray = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = page.dots[i] ? 0 : 255;
  png.data = gray;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
