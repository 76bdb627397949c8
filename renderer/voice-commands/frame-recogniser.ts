import { isFromFrame, type ToFrame } from './frame-protocol';
import type { Recogniser } from './push-to-talk';

/**
 * The page's side of speech recognition: vosk-browser runs in a hidden same-origin frame
 * (voice/recogniser.html) whose CSP alone allows 'unsafe-eval', which vosk's worker glue needs;
 * the page keeps its strict policy. Resolves when the model has loaded, rejects when it cannot.
 */
export function createFrameRecogniser(src = './voice/recogniser.html'): Promise<Recogniser> {
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.allow = 'microphone';
  frame.hidden = true;
  frame.title = 'voice';
  frame.dataset.testid = 'voice-frame';
  let listener: (text: string) => void = () => {};
  const post = (m: ToFrame): void => frame.contentWindow?.postMessage(m, location.origin);
  return new Promise<Recogniser>((resolve, reject) => {
    window.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (e.origin !== location.origin || e.source !== frame.contentWindow || !isFromFrame(e.data)) return;
      const m = e.data;
      if (m.type === 'ready') post({ type: 'load' });
      else if (m.type === 'loaded')
        resolve({
          start: (phrases) => post({ type: 'start', phrases: [...phrases] }),
          stop: () => post({ type: 'stop' }),
          onFinal: (l) => {
            listener = l;
          },
        });
      else if (m.type === 'failed') {
        frame.remove();
        reject(new Error('voice model did not load'));
      } else listener(m.text);
    });
    document.body.append(frame);
  });
}
