import { RGBLuminanceSource } from '@zxing/library';
import QRCode from 'qrcode';
import { createQrOnlyReader, decodeFrame } from '../../../renderer/camera/qr-decode';

/**
 * Test helper (not a test): renders QR codes into grey camera-sized frames and writes them as a
 * YUV4MPEG2 video for Chromium's fake capture device, so no ffmpeg or qrencode is needed.
 */

export interface FrameOptions {
  readonly width?: number;
  readonly height?: number;
  /** Pixels per QR module; default fits the code into about 60% of the shorter side. */
  readonly scale?: number;
  /** Moves the code this many pixels right / down of the centre. */
  readonly offsetX?: number;
  readonly offsetY?: number;
}

type Frame = { luma: Uint8ClampedArray; width: number; height: number };

/** A string (the encoder picks the segments), raw bytes (one byte segment), or segments given. */
export type QrContent = string | Uint8Array | readonly QRCode.QRCodeSegment[];

function qrOf(data: QrContent): ReturnType<typeof QRCode.create> {
  const segments =
    typeof data === 'string'
      ? data
      : data instanceof Uint8Array
        ? [{ data: data as unknown as string, mode: 'byte' as const }]
        : [...data];
  return QRCode.create(segments as string, { errorCorrectionLevel: 'M' });
}

/** Pixels per module that fit the code into about 60% of the frame's shorter side. */
function defaultScale(data: QrContent, options: FrameOptions): number {
  const size = qrOf(data).modules.size;
  return Math.max(2, Math.floor((Math.min(options.width ?? 640, options.height ?? 480) * 0.6) / (size + 8)));
}

export function renderQr(data: QrContent, options: FrameOptions = {}): Frame {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const qr = qrOf(data);
  const size = qr.modules.size;
  const scale = options.scale ?? defaultScale(data, options);
  const luma = new Uint8ClampedArray(width * height).fill(235);
  const left = Math.floor((width - size * scale) / 2) + (options.offsetX ?? 0);
  const top = Math.floor((height - size * scale) / 2) + (options.offsetY ?? 0);
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

/**
 * Like renderQr, but proven readable by the kiosk's own decoder (renderer/camera/qr-decode.ts).
 * zxing's finder-pattern search misses about 1 in 80 pixel-perfect synthetic codes of our
 * enrolment payload's size (mostly mask pattern 2), whatever the frame; a real camera never shows
 * the same pixels twice, a looped test video does, forever. So the frame moves the code by a few
 * pixels or one pixel per module until it reads, as a technician's hand would; a payload that never
 * reads throws here rather than timing out in a browser.
 */
export function renderDecodableQr(data: QrContent, options: FrameOptions = {}): Frame {
  const { reader, hints } = createQrOnlyReader();
  const base = options.scale ?? defaultScale(data, options);
  for (const scaleStep of [0, 1, -1]) {
    for (const [dx, dy] of [
      [0, 0],
      [0, 1],
      [1, 1],
      [5, 3],
      [-4, 7],
      [9, -5],
      [-11, -2],
      [13, 11],
    ] as const) {
      const frame = renderQr(data, {
        ...options,
        scale: Math.max(2, base + scaleStep),
        offsetX: (options.offsetX ?? 0) + dx,
        offsetY: (options.offsetY ?? 0) + dy,
      });
      const code = decodeFrame(reader, new RGBLuminanceSource(frame.luma, frame.width, frame.height), hints);
      if (code) return frame;
    }
  }
  throw new Error(`renderDecodableQr: no frame of this payload decodes (${String(data).slice(0, 40)}…)`);
}

/** A frame with no code: soft gradient plus deterministic noise, like an empty camera view. */
export function emptyFrame(width = 640, height = 480, seed = 1): Frame {
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
