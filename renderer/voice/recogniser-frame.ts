// Runs inside renderer/voice/recogniser.html: vosk-browser with the page's grammar, nothing else.
// Talks only to the page that framed it (same origin); it never calls the host.
import { isToFrame, type FromFrame } from '../voice-commands/frame-protocol';
import type { Recogniser } from '../voice-commands/push-to-talk';
import { createVoskRecogniser } from '../voice-commands/vosk-recogniser';

const send = (m: FromFrame): void => window.parent.postMessage(m, location.origin);
let recogniser: Promise<Recogniser> | null = null;

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (e.origin !== location.origin || e.source !== window.parent || !isToFrame(e.data)) return;
  const m = e.data;
  if (m.type === 'load') {
    // Absolute: vosk's blob: worker would resolve a relative URL against the site root, not /voice/.
    recogniser ??= createVoskRecogniser(new URL('./model.tar.gz', location.href).href);
    recogniser.then(
      (r) => {
        r.onFinal((text) => send({ type: 'final', text }));
        send({ type: 'loaded' });
      },
      () => send({ type: 'failed' }),
    );
  } else if (m.type === 'start') void recogniser?.then((r) => r.start(m.phrases));
  else void recogniser?.then((r) => r.stop());
});
send({ type: 'ready' });
