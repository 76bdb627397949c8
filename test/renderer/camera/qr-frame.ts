import QRCode from 'qrcode';

/**
 * Test helper (not a test): renders QR codes into grey camera-sized frames and writes them as a
 * YUV4MPEG2 video for Chromium's fake capture device, so no ffmpeg or qrencode is needed.
 */

export interface FrameOptions {
  readonly width?: number;
  readonly height?: number;
  /** Pixels per QR module; default fits the code into about 60% of the shorter side. */
  readonly scale?: number;
}

export function renderQr(
  data: string | Uint8Array,
  options: FrameOptions = {},
): { luma: Uint8ClampedArray; width: number; height: number } {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const segments = typeof data === 'string' ? data : [{ data: data as unknown as string, mode: 'byte' as const }];
  const qr = QRCode.create(segments as string, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const scale = options.scale ?? Math.max(2, Math.floor((Math.min(width, height) * 0.6) / (size + 8)));
  const luma = new Uint8ClampedArray(width * height).fill(235);
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!qr.modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++)
        luma.fill(
          16,
          (top + y * scale + dy) * width + left + x * scale,
          (top + y * scale + dy) * width + left + (x + 1) * scale,
        );
    }
  }
  return { luma, width, height };
}

/** A frame with no code: soft gradient plus deterministic noise, like an empty camera view. */
export function emptyFrame(
  width = 640,
  height = 480,
  seed = 1,
): { luma: Uint8ClampedArray; width: number; height: number } {
  const luma = new Uint8ClampedArray(width * height);
  let s = seed;
  for (let i = 0; i < luma.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    luma[i] = 90 + ((i % width) * 80) / width + (s % 40);
  }
  return { luma, width, height };
}

/** YUV4MPEG2 4:2:0 with neutral chroma. */
export function y4m(frames: readonly Uint8ClampedArray[], width: number, height: number, fps = 10): Buffer {
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'latin1')];
  for (const luma of frames) {
    parts.push(Buffer.from('FRAME\n', 'latin1'), Buffer.from(luma.buffer, luma.byteOffset, luma.byteLength), chroma);
  }
  return Buffer.concat(parts);
}
