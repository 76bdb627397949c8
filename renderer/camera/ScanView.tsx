import { useEffect, useRef, useState } from 'preact/hooks';
import type { CameraCode, QrCameraErrorCode, QrCameraOptions } from './qr-camera';
import { startQrCamera } from './qr-camera';

export interface ScanViewLabels {
  /** Shown over the picture while scanning, e.g. "请把二维码对准摄像头". */
  readonly hint: string;
  /** Shown while the camera starts. */
  readonly starting: string;
  /** One message per camera failure. */
  readonly errors: Readonly<Record<QrCameraErrorCode, string>>;
}

export interface ScanViewProps {
  readonly labels: ScanViewLabels;
  /** Called with every newly decoded code; the screen decides what happens (usually leaves). */
  readonly onCode: (code: CameraCode) => void;
  readonly onError?: (code: QrCameraErrorCode) => void;
  readonly options?: QrCameraOptions;
  readonly class?: string;
}

type State = { phase: 'starting' } | { phase: 'scanning' } | { phase: 'failed'; code: QrCameraErrorCode };

/** Whether any video track of the stream still runs (the camera light is on). */
function hasLiveTrack(stream: MediaStream): boolean {
  return stream.getVideoTracks().some((t) => t.readyState === 'live');
}

/**
 * The camera picture with a QR decoder behind it. The camera is opened when this mounts and
 * released (every track stopped) when it unmounts, including an unmount during start-up.
 */
export function ScanView(props: ScanViewProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<State>({ phase: 'starting' });
  /** Mirrors the tracks we hold, for the screen root's `data-camera-active` (tests, diagnostics). */
  const [active, setActive] = useState(false);
  const onCode = useRef(props.onCode);
  onCode.current = props.onCode;
  const onError = useRef(props.onError);
  onError.current = props.onError;

  useEffect(() => {
    let unmounted = false;
    let stop: (() => Promise<void>) | undefined;
    const element = video.current;
    if (!element) return;
    void startQrCamera(element, (code) => onCode.current(code), props.options).then((result) => {
      if (!result.ok) {
        if (!unmounted) {
          setState({ phase: 'failed', code: result.error.code });
          onError.current?.(result.error.code);
        }
        return;
      }
      if (unmounted) {
        void result.value.stop();
        return;
      }
      const stream = result.value.stream;
      stop = () => result.value.stop();
      // A camera pulled out mid-scan ends its track: say so instead of showing a frozen picture.
      for (const track of stream.getVideoTracks()) {
        track.addEventListener('ended', () => {
          if (unmounted) return;
          setActive(hasLiveTrack(stream));
          setState({ phase: 'failed', code: 'camera_failed' });
          onError.current?.('camera_failed');
        });
      }
      setActive(hasLiveTrack(stream));
      setState({ phase: 'scanning' });
    });
    return () => {
      unmounted = true;
      void stop?.();
    };
    // The camera is opened once per mount; option changes take effect on the next mount.
  }, []);

  const message =
    state.phase === 'failed'
      ? props.labels.errors[state.code]
      : state.phase === 'starting'
        ? props.labels.starting
        : props.labels.hint;
  return (
    <div
      class={props.class ?? 'scan-view'}
      data-phase={state.phase}
      data-camera-active={String(active && state.phase === 'scanning')}
      data-testid="scan-view"
    >
      <video ref={video} muted playsInline aria-hidden="true" />
      <p role="status" aria-live="polite">
        {message}
      </p>
    </div>
  );
}
