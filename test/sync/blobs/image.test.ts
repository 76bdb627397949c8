import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { createHash } from 'node:crypto';
import { prepareAttachment } from '../../../sync/blobs/prepare';
import { imagePolicy } from '../../../sync/blobs/image';

function noisyRgba(w: number, h: number): Buffer {
  const data = Buffer.alloc(w * h * 4);
  let s = 12345;
  for (let i = 0; i < data.length; i += 4) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const x = (i / 4) % w;
    data[i] = (x * 255) / w;
    data[i + 1] = s & 0xff;
    data[i + 2] = (s >> 8) & 0xff;
    data[i + 3] = 255;
  }
  return data;
}

describe('attachment preparation', () => {
  it('re-encodes a large photo to ≤ 1600 px at the documented quality', () => {
    const w = 2000;
    const h = 1200;
    const big = jpeg.encode({ width: w, height: h, data: noisyRgba(w, h) }, 95).data;
    const p = prepareAttachment({ data: big, mime: 'image/jpeg' });
    const out = jpeg.decode(p.data, { useTArray: true });
    expect(Math.max(out.width, out.height)).toBe(imagePolicy.maxEdgePx);
    expect(out.width / out.height).toBeCloseTo(w / h, 2);
    expect(p.size).toBeLessThan(big.length);
    expect(p.mime).toBe('image/jpeg');
    expect(p.sha256).toBe(createHash('sha256').update(p.data).digest('hex'));
  });

  it('keeps a small JPEG byte for byte and converts PNG to JPEG', () => {
    const small = jpeg.encode({ width: 200, height: 100, data: noisyRgba(200, 100) }, 80).data;
    expect(Buffer.from(prepareAttachment({ data: small, mime: 'image/jpeg' }).data)).toEqual(small);
    const png = new PNG({ width: 50, height: 40 });
    noisyRgba(50, 40).copy(png.data);
    const p = prepareAttachment({ data: PNG.sync.write(png), mime: 'image/png' });
    expect(p.mime).toBe('image/jpeg');
    expect(jpeg.decode(p.data, { useTArray: true }).width).toBe(50);
  });

  it('leaves PDFs alone', () => {
    const pdf = Buffer.from('%PDF-1.4 test');
    expect(Buffer.from(prepareAttachment({ data: pdf, mime: 'application/pdf' }).data)).toEqual(pdf);
  });
});
