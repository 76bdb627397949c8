import { Bitmap } from './bitmap';
import * as cmd from './escpos-commands';
import { encodeGb18030, printerCovers, type FontCoverage } from './font-coverage';
import type { GlyphRasteriser } from './glyph-rasteriser';
import { paperGeometry, type PaperWidth, type ReceiptLine } from './receipt-document';
import { charColumns, textColumns } from './text-columns';

export interface EncodeOptions {
  readonly paperWidth: PaperWidth;
  readonly fontCoverage: FontCoverage;
  /** Draws characters outside the printer's font; without it they become a visible □. */
  readonly rasteriser?: GlyphRasteriser | null;
}

export interface EncodedReceipt {
  readonly bytes: Buffer;
  /** Text lines printed as raster images because they hold characters outside the printer's font. */
  readonly rasterLines: number;
  /** Characters replaced by □ because no raster font is configured or the font lacks them. */
  readonly placeholders: number;
}

/** Stands in for a character nobody can draw; □ is in GB2312 (A1 F5), so every printer has it. */
export const PLACEHOLDER = '□';
const RULE = '-';

/**
 * Encodes a laid-out receipt as one ESC/POS job: initialise, Chinese mode on, the lines, feed and
 * cut. Text goes out as GB18030 double-byte codes; a line with any character outside the
 * printer's font is drawn whole as a raster image (text and images cannot share a line with
 * GS v 0), so nothing is dropped and the line keeps its layout.
 */
export function encodeReceipt(lines: readonly ReceiptLine[], opts: EncodeOptions): EncodedReceipt {
  const geo = paperGeometry(opts.paperWidth);
  const out: Buffer[] = [cmd.initialise(), cmd.chineseModeOn(), cmd.defaultLineSpacing()];
  let rasterLines = 0;
  let placeholders = 0;
  for (const line of lines) {
    switch (line.kind) {
      case 'text': {
        const size = line.size ?? 1;
        const chars = Array.from(line.text);
        const uncovered = chars.filter((c) => !printerCovers(c, opts.fontCoverage));
        if (uncovered.length > 0 && opts.rasteriser) {
          const { bitmap, missing } = drawLine(chars, line.align, size, geo.dots, opts.rasteriser);
          placeholders += missing;
          rasterLines += 1;
          const packed = bitmap.packRows();
          out.push(cmd.align('left'), cmd.rasterImage(packed.data, packed.bytesPerRow, bitmap.height));
          break;
        }
        const text =
          uncovered.length > 0
            ? chars.map((c) => (printerCovers(c, opts.fontCoverage) ? c : PLACEHOLDER)).join('')
            : line.text;
        placeholders += uncovered.length;
        out.push(cmd.align(line.align));
        if (line.bold) out.push(cmd.bold(true));
        if (size !== 1) out.push(cmd.characterSize(size, size));
        out.push(encodeGb18030(text), cmd.lineFeed());
        if (size !== 1) out.push(cmd.characterSize(1, 1));
        if (line.bold) out.push(cmd.bold(false));
        break;
      }
      case 'rule':
        out.push(cmd.align('left'), Buffer.from(RULE.repeat(geo.columns), 'ascii'), cmd.lineFeed());
        break;
      case 'qr': {
        const data = Buffer.from(line.content, 'utf8');
        out.push(
          cmd.align('center'),
          cmd.qrModel2(),
          cmd.qrModuleSize(line.moduleSize),
          cmd.qrErrorCorrection(line.errorCorrection),
          cmd.qrStore(data),
          cmd.qrPrint(),
          cmd.lineFeed(),
        );
        break;
      }
      case 'barcode':
        out.push(
          cmd.align('center'),
          cmd.barcodeHeight(60),
          cmd.barcodeModuleWidth(2),
          cmd.barcodeHri('below'),
          cmd.code128(line.data),
          cmd.lineFeed(),
        );
        break;
      case 'feed':
        out.push(cmd.feedLines(line.lines));
        break;
    }
  }
  out.push(cmd.align('left'), cmd.feedAndCut(0));
  return { bytes: Buffer.concat(out), rasterLines, placeholders };
}

/** Draws a text line in the printer's cell grid: 12×24 dots per ASCII column, 24×24 per CJK. */
function drawLine(
  chars: readonly string[],
  align: cmd.Alignment,
  size: 1 | 2,
  paperDots: number,
  rasteriser: GlyphRasteriser,
): { bitmap: Bitmap; missing: number } {
  const cell = 24 * size;
  const used = textColumns(chars.join('')) * 12 * size;
  const x0 = align === 'left' ? 0 : align === 'center' ? Math.floor((paperDots - used) / 2) : paperDots - used;
  // Rows below the glyphs match the text line spacing (30 dots), so raster lines do not crowd.
  const bitmap = new Bitmap(paperDots, cell + 6);
  let x = Math.max(0, x0);
  let missing = 0;
  for (const ch of chars) {
    if (ch !== ' ') {
      const g = rasteriser.glyph(ch, cell);
      if (g.missing) missing += 1;
      bitmap.blit(g.bitmap, x, 0);
    }
    x += charColumns(ch) * 12 * size;
  }
  return { bitmap, missing };
}
