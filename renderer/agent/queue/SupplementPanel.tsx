import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskApi } from '../../../main/contract/kiosk-api';
import { errorText, zhCN } from '../../i18n/zh-CN';
import { newRequestId } from '../../logic/uuid';
import type { AgentController } from '../controller';
import { QueueActions } from './QueueActions';

const t = zhCN.agentQueue;
/** A socket message is at most 64 KiB; the host takes up to 60,000 base64 characters per document. */
const MAX_BASE64 = 60_000;

/**
 * 补充材料 for a needs_more item: one photo of the missing document from the camera, sent as a
 * new application linked to the first (the host's `correction.supplement`). The camera is
 * released when the panel closes.
 */
export function SupplementPanel(props: {
  api: KioskApi;
  a: AgentController;
  txId: string;
  onDone: (note: string | null) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [working, setWorking] = useState(false);
  const [requestId] = useState(newRequestId);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let live = true;
    void navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false })
      .then(async (s) => {
        if (!live) return s.getTracks().forEach((track) => track.stop());
        stream = s;
        const el = video.current;
        if (!el) return;
        el.srcObject = s;
        await el.play();
        setReady(true);
      })
      .catch(() => setError(t.cameraFailed));
    return () => {
      live = false;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  const take = async (): Promise<void> => {
    const el = video.current;
    if (!el || working) return;
    props.a.activity();
    const jpeg = frameAsJpeg(el);
    if (!jpeg) return setError(t.photoTooLarge);
    setWorking(true);
    const release = props.a.hold();
    const r = await props.api.invoke('correction.supplement', {
      txId: props.txId,
      mime: 'image/jpeg',
      dataBase64: jpeg,
      requestId,
    });
    release();
    setWorking(false);
    if (r.ok) props.onDone(t.supplemented(r.value.localNumber));
    else setError(errorText(r.error));
  };

  return (
    <section class="agent-panel agent-supplement" data-testid="agent-supplement">
      <h1 class="agent-title">{t.supplementTitle}</h1>
      <p class="agent-hint">{t.supplementCameraHint}</p>
      <video ref={video} class="supplement-video" muted playsInline />
      {error && (
        <p class="agent-error" role="alert">
          ⚠ {error}
        </p>
      )}
      <QueueActions
        onCancel={() => props.onDone(null)}
        action={t.takePhoto}
        disabled={!ready || working}
        onAction={() => void take()}
      />
    </section>
  );
}

/** One frame as base64 JPEG, scaled down and re-compressed until it fits one message. */
function frameAsJpeg(el: HTMLVideoElement): string | null {
  for (const [edge, quality] of [
    [800, 0.7],
    [640, 0.6],
    [480, 0.5],
    [360, 0.4],
  ] as const) {
    const scale = Math.min(1, edge / Math.max(el.videoWidth, el.videoHeight, 1));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(el.videoWidth * scale));
    canvas.height = Math.max(1, Math.round(el.videoHeight * scale));
    canvas.getContext('2d')?.drawImage(el, 0, 0, canvas.width, canvas.height);
    const data = canvas.toDataURL('image/jpeg', quality).split(',')[1] ?? '';
    if (data.length > 0 && data.length <= MAX_BASE64) return data;
  }
  return null;
}
