import { useEffect, useRef } from 'preact/hooks';
import SignaturePad from 'signature_pad';

export interface SignatureHandle {
  isEmpty(): boolean;
  clear(): void;
  /** PNG on a white background, as base64 without the data: prefix. */
  pngBase64(): string;
}

/**
 * The villager signs with a finger (signature_pad on a canvas; pointer events, so touch, pen and
 * mouse all draw). White background: the stored PNG reads the same on any viewer.
 */
export function SignatureCanvas({
  onReady,
  onChange,
}: {
  onReady: (h: SignatureHandle) => void;
  onChange: () => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const change = useRef(onChange);
  change.current = onChange;
  useEffect(() => {
    const el = canvas.current!;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    el.width = el.offsetWidth * ratio;
    el.height = el.offsetHeight * ratio;
    el.getContext('2d')!.scale(ratio, ratio);
    const pad = new SignaturePad(el, {
      backgroundColor: 'rgb(255,255,255)',
      penColor: 'rgb(0,0,0)',
      minWidth: 1.5,
      maxWidth: 4,
    });
    const ended = (): void => change.current();
    pad.addEventListener('endStroke', ended);
    onReady({
      isEmpty: () => pad.isEmpty(),
      clear: () => {
        pad.clear();
        change.current();
      },
      pngBase64: () => pad.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''),
    });
    return () => {
      pad.removeEventListener('endStroke', ended);
      pad.off();
    };
  }, []);
  return <canvas ref={canvas} class="signature-canvas" data-testid="signature-canvas" />;
}
