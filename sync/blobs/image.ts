import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * Photo policy for attachments (documented in docs/sync.md): JPEG or PNG images whose longer edge
 * exceeds 1600 px or whose file exceeds 200 KB are re-encoded as baseline JPEG, longer edge ≤ 1600
 * px, quality 70 (then 55 if still above 300 KB). Smaller images are kept byte for byte so a
 * document photo is not degraded twice. jpeg-js is pure JavaScript (no native build on kiosks).
 */
export const imagePolicy = {
  maxEdgePx: 1600,
  keepBelowBytes: 200 * 1024,
  quality: 70,
  fallbackQuality: 55,
  fallbackAboveBytes: 300 * 1024,
  maxDecodeMegapixels: 40,
} as const;

export interface EncodedImage {
  readonly data: Uint8Array;
  readonly mime: 'image/jpeg';
  readonly width: number;
  readonly height: number;
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decodeImage(data: Uint8Array, mime: string): Rgba {
  if (mime === 'image/png') {
    const png = PNG.sync.read(Buffer.from(data));
    return {
      width: png.width,
      height: png.height,
      data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
    };
  }
  return jpeg.decode(data, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: imagePolicy.maxDecodeMegapixels,
    maxMemoryUsageInMB: 512,
  });
}

/** Box-filter downscale: each target pixel averages the source pixels it covers. */
export function downscale(src: Rgba, maxEdge: number): Rgba {
  const scale = Math.min(1, maxEdge / Math.max(src.width, src.height));
  if (scale === 1) return src;
  const w = Math.max(1, Math.round(src.width * scale));
  const h = Math.max(1, Math.round(src.height * scale));
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const sy0 = Math.floor((y * src.height) / h);
    const sy1 = Math.max(sy0 + 1, Math.floor(((y + 1) * src.height) / h));
    for (let x = 0; x < w; x++) {
      const sx0 = Math.floor((x * src.width) / w);
      const sx1 = Math.max(sx0 + 1, Math.floor(((x + 1) * src.width) / w));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        let i = (sy * src.width + sx0) * 4;
        for (let sx = sx0; sx < sx1; sx++, i += 4) {
          r += src.data[i]!;
          g += src.data[i + 1]!;
          b += src.data[i + 2]!;
          n++;
        }
      }
      const o = (y * w + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

/** True when the image must be re-encoded under the policy. */
export function needsReencode(data: Uint8Array, width: number, height: number): boolean {
  return Math.max(width, height) > imagePolicy.maxEdgePx || data.length > imagePolicy.keepBelowBytes;
}

export function reencodeImage(data: Uint8Array, mime: string): EncodedImage | null {
  const decoded = decodeImage(data, mime);
  if (mime === 'image/jpeg' && !needsReencode(data, decoded.width, decoded.height)) return null;
  const small = downscale(decoded, imagePolicy.maxEdgePx);
  let encoded = jpeg.encode({ width: small.width, height: small.height, data: small.data }, imagePolicy.quality).data;
  if (encoded.length > imagePolicy.fallbackAboveBytes) {
    encoded = jpeg.encode(
      { width: small.width, height: small.height, data: small.data },
      imagePolicy.fallbackQuality,
    ).data;
  }
  return { data: new Uint8Array(encoded), mime: 'image/jpeg', width: small.width, height: small.height };
}
