import { HTMLCanvasElementLuminanceSource } from '@zxing/browser';
import type { CameraCode } from './qr-decode';
import { createQrOnlyReader, decodeFrame } from './qr-decode';

export type { CameraCode } from './qr-decode';

export interface QrCameraOptions {
  /** Time between decode attempts; 100–200 ms is a few frames a second without loading the CPU. */
  readonly intervalMs?: number;
  readonly width?: number;
  readonly height?: number;
  readonly deviceId?: string;
  /** Decode only a centred square of this fraction of the shorter side (weak CPUs). 1 = whole frame. */
  readonly crop?: number;
  /** The same text again within this window is not reported again. */
  readonly repeatWindowMs?: number;
  /** For tests: a different getUserMedia. */
  readonly getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
}

export type QrCameraErrorCode = 'camera_denied' | 'camera_missing' | 'camera_busy' | 'camera_failed';

export interface QrCamera {
  readonly stream: MediaStream;
  /** Stops decoding and stops every track, so the camera light goes off. Safe to call twice. */
  stop(): Promise<void>;
}

export type StartResult =
  | { readonly ok: true; readonly value: QrCamera }
  | { readonly ok: false; readonly error: { readonly code: QrCameraErrorCode; readonly detail: string } };

/**
 * Opens the camera into `video` and decodes QR codes from it a few times a second. We own the
 * MediaStream and stop its tracks ourselves: zxing's own controls.stop() does not always release
 * the camera (zxing-js/browser#137, #128).
 */
export async function startQrCamera(
  video: HTMLVideoElement,
  onCode: (code: CameraCode) => void,
  options: QrCameraOptions = {},
): Promise<StartResult> {
  const constraints: MediaStreamConstraints = {
    audio: false,
    video: {
      width: { ideal: options.width ?? 640 },
      height: { ideal: options.height ?? 480 },
      ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
    },
  };
  let stream: MediaStream;
  try {
    stream = await (options.getUserMedia ?? ((c) => navigator.mediaDevices.getUserMedia(c)))(constraints);
  } catch (error) {
    return {
      ok: false,
      error: {
        code: cameraErrorCode(error),
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      },
    };
  }

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: { text: string; at: number } | undefined;
  const release = (): void => {
    for (const track of stream.getTracks()) track.stop();
  };

  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
  } catch (error) {
    release();
    video.srcObject = null;
    return {
      ok: false,
      error: { code: 'camera_failed', detail: error instanceof Error ? error.message : String(error) },
    };
  }

  const { reader, hints } = createQrOnlyReader();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const interval = options.intervalMs ?? 150;

  const tick = (): void => {
    if (stopped) return;
    try {
      const code = context
        ? grabAndDecode(video, canvas, context, options.crop ?? 1, (source) => decodeFrame(reader, source, hints))
        : null;
      if (code) {
        const now = performance.now();
        if (!last || last.text !== code.text || now - last.at > (options.repeatWindowMs ?? 2000)) onCode(code);
        last = { text: code.text, at: now };
      }
    } catch {
      // A frame zxing chokes on is just a frame without a code; keep the loop alive.
    }
    if (!stopped) timer = setTimeout(tick, interval);
  };
  timer = setTimeout(tick, 0);

  return {
    ok: true,
    value: {
      stream,
      async stop() {
        stopped = true;
        clearTimeout(timer);
        release();
        video.pause();
        video.srcObject = null;
      },
    },
  };
}

function grabAndDecode(
  video: HTMLVideoElement,
  canvas: HTMLCanvasElement,
  context: CanvasRenderingContext2D,
  crop: number,
  decode: (source: HTMLCanvasElementLuminanceSource) => CameraCode | null,
): CameraCode | null {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (video.readyState < 2 || w === 0 || h === 0) return null;
  const side = Math.round(Math.min(w, h) * Math.min(1, Math.max(0.2, crop)));
  const [sx, sy, sw, sh] =
    crop >= 1 ? [0, 0, w, h] : [Math.round((w - side) / 2), Math.round((h - side) / 2), side, side];
  if (canvas.width !== sw || canvas.height !== sh) {
    canvas.width = sw;
    canvas.height = sh;
  }
  context.drawImage(video, sx, sy, sw, sh, 0, 0, sw, sh);
  return decode(new HTMLCanvasElementLuminanceSource(canvas));
}

function cameraErrorCode(error: unknown): QrCameraErrorCode {
  const name =
    error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)
      ? String((error as { name: unknown }).name)
      : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'camera_denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'camera_missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'camera_busy';
  return 'camera_failed';
}
