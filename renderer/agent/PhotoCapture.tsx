import { useEffect, useRef, useState } from 'preact/hooks';
import { zhCN } from '../i18n/zh-CN';

/** A socket message is at most 64 KiB: the photo's base64 stays under this. */
export const MAX_PHOTO_BASE64 = 60_000;

/** JPEG base64 of the frame, quality lowered (then size halved) until it fits one message. */
export function frameToJpegBase64(video: HTMLVideoElement): string | null {
  let width = Math.min(video.videoWidth, 1280);
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const height = Math.round((width * video.videoHeight) / video.videoWidth);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.drawImage(video, 0, 0, width, height);
    for (const q of [0.8, 0.6, 0.45]) {
      const b64 = canvas.toDataURL('image/jpeg', q).replace(/^data:image\/jpeg;base64,/, '');
      if (b64.length <= MAX_PHOTO_BASE64) return b64;
    }
    width = Math.round(width / 2);
  }
  return null;
}

/**
 * The camera picture and a 拍照 button. The camera is opened when this mounts and every track is
 * stopped when it unmounts (the camera light goes off).
 */
export function PhotoCapture({ testid, onShot }: { testid: string; onShot: (jpegBase64: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let gone = false;
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then(async (s) => {
        if (gone) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        video.current!.srcObject = s;
        await video.current!.play();
        setReady(true);
      })
      .catch(() => setFailed(true));
    return () => {
      gone = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);
  const shoot = (): void => {
    const b64 = video.current ? frameToJpegBase64(video.current) : null;
    if (b64) onShot(b64);
    else setFailed(true);
  };
  return (
    <div class="photo-capture" data-testid={testid}>
      <video ref={video} class="photo-video" muted playsInline />
      {failed && (
        <p class="agent-error" role="alert">
          ⚠ {zhCN.agentServe.cameraFailed}
        </p>
      )}
      <button
        type="button"
        class="btn btn-primary agent-btn"
        disabled={!ready}
        data-testid={`${testid}-shoot`}
        onClick={shoot}
      >
        {zhCN.agentServe.shoot}
      </button>
    </div>
  );
}
