import type { Recogniser } from './push-to-talk';

/** Where the page loads the model from: our own origin (the host packs the technician's folder). */
export const MODEL_URL = './voice/model.tar.gz';
/** A model that has not loaded by then is treated as broken: the button goes away. */
const LOAD_TIMEOUT_MS = 120_000;

/**
 * vosk-browser behind the `Recogniser` port. vosk runs Kaldi (WASM) in a Web Worker it starts from
 * a blob: URL, so the page's CSP needs `worker-src blob:` and `'wasm-unsafe-eval'` (docs/ui.md).
 * The microphone is opened on each press and closed on each release: the light is on only while
 * the villager holds the button. vosk-browser (~5.8 MB) is its own chunk, loaded on first use.
 */
export async function createVoskRecogniser(modelUrl: string = MODEL_URL): Promise<Recogniser> {
  const { Model } = await import('vosk-browser');
  const model = new Model(modelUrl);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('voice model load timed out')), LOAD_TIMEOUT_MS);
    model.on('load', (m) => {
      clearTimeout(timer);
      if (m.event === 'load' && m.result) resolve();
      else reject(new Error('voice model did not load'));
    });
    model.on('error', () => {
      clearTimeout(timer);
      reject(new Error('voice model error'));
    });
  }).catch((e: unknown) => {
    model.terminate();
    throw e;
  });

  let listener: (text: string) => void = () => {};
  let finish: (() => void) | null = null;
  return {
    onFinal(l) {
      listener = l;
    },
    start(phrases) {
      let stopped = false;
      let release: () => void = () => {};
      finish = () => {
        stopped = true;
        release();
      };
      void navigator.mediaDevices
        .getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } })
        .then((stream) => {
          const context = new AudioContext();
          const recogniser = new model.KaldiRecognizer(context.sampleRate, JSON.stringify(phrases));
          const source = context.createMediaStreamSource(stream);
          // ScriptProcessor: deprecated but needs no worklet module file; 4096 frames ≈ 90 ms.
          const tap = context.createScriptProcessor(4096, 1, 1);
          tap.onaudioprocess = (e) => recogniser.acceptWaveform(e.inputBuffer);
          source.connect(tap);
          tap.connect(context.destination);
          recogniser.on('result', (m) => {
            recogniser.remove();
            listener(m.event === 'result' ? m.result.text : '');
          });
          release = () => {
            tap.disconnect();
            source.disconnect();
            for (const t of stream.getTracks()) t.stop();
            void context.close();
            recogniser.retrieveFinalResult();
          };
          if (stopped) release();
        })
        .catch(() => listener(''));
    },
    stop() {
      finish?.();
      finish = null;
    },
  };
}
