import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Bitmap } from './bitmap';

/**
 * Draws characters the printer's font lacks (生僻字) from a CJK font file, using Skia through
 * @napi-rs/canvas: it reads .ttc collections (wqy-zenhei.ttc, Noto CJK) as well as .ttf and its
 * binary ships inside the npm package, so it works offline. See docs/receipt-printer.md.
 */
const aliases = new Map<string, string>();

function familyFor(fontPath: string): string {
  let alias = aliases.get(fontPath);
  if (!alias) {
    alias = `cunzhan-raster-${aliases.size}`;
    if (!GlobalFonts.registerFromPath(fontPath, alias)) throw new Error(`cannot load raster font ${fontPath}`);
    aliases.set(fontPath, alias);
  }
  return alias;
}

export interface Glyph {
  readonly bitmap: Bitmap;
  /** True when the font has no glyph and a placeholder box was drawn instead. */
  readonly missing: boolean;
}

export class GlyphRasteriser {
  readonly #family: string;
  readonly #cache = new Map<string, Glyph>();

  constructor(fontPath: string) {
    this.#family = familyFor(fontPath);
  }

  /** A glyph `size` dots high, `size` wide for CJK and size/2 for ASCII (the printer's cells). */
  glyph(ch: string, size: number): Glyph {
    const key = `${size}:${ch}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const cp = ch.codePointAt(0) ?? 0;
    const narrow = cp >= 0x20 && cp <= 0x7e;
    const width = narrow ? size / 2 : size;
    const canvas = createCanvas(width, size);
    const ctx = canvas.getContext('2d');
    ctx.font = `${Math.round(size * 0.92)}px "${this.#family}"`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    // A wide character drawn narrower than ~3/4 em came from Skia's fallback (.notdef or
    // another font): the configured font does not have it, so we say so with a box.
    const missing = !narrow && ctx.measureText(ch).width < size * 0.7;
    const bitmap = new Bitmap(width, size);
    if (missing) {
      drawPlaceholder(bitmap);
    } else {
      ctx.fillStyle = '#000';
      // Proportional Latin glyphs (m, W) are wider than the printer's half-width cell: squeeze.
      const drawn = ctx.measureText(ch).width;
      if (drawn > width) {
        ctx.translate(width / 2, 0);
        ctx.scale(width / drawn, 1);
        ctx.fillText(ch, 0, size / 2 + 1);
      } else ctx.fillText(ch, width / 2, size / 2 + 1);
      const rgba = ctx.getImageData(0, 0, width, size).data;
      for (let i = 0; i < width * size; i++) if ((rgba[i * 4 + 3] ?? 0) >= 110) bitmap.dots[i] = 1;
    }
    const glyph = { bitmap, missing };
    this.#cache.set(key, glyph);
    return glyph;
  }
}

/** A box with a cross: visibly "a character was here", never an empty gap. */
export function drawPlaceholder(bm: Bitmap): void {
  const m = 2;
  for (let x = m; x < bm.width - m; x++) {
    bm.set(x, m);
    bm.set(x, bm.height - m - 1);
  }
  for (let y = m; y < bm.height - m; y++) {
    bm.set(m, y);
    bm.set(bm.width - m - 1, y);
    const t = (y - m) / (bm.height - 2 * m);
    bm.set(Math.round(m + t * (bm.width - 2 * m - 1)), y);
    bm.set(Math.round(bm.width - m - 1 - t * (bm.width - 2 * m - 1)), y);
  }
}
