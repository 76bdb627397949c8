import type { VoiceGuide } from './voice-guide';

/** Asks the host for a prompt's audio: a same-origin URL, null when the host cannot speak; rejects when it did not answer. */
export type PreparePrompt = (text: string) => Promise<string | null>;

/**
 * The host's voice (espeak-ng, rendered and cached by the service host) played through one
 * `<audio>` element from our own origin. When the host answers that it cannot speak, or does not
 * answer, the prompt goes to `fallback` (the browser's speechSynthesis, or silence). Only the
 * newest prompt plays: an answer that arrives after a later `say` is dropped.
 */
export function createHostVoiceGuide(
  prepare: PreparePrompt,
  audio: HTMLAudioElement,
  fallback: VoiceGuide,
  onAvailability: (available: boolean) => void = () => undefined,
): VoiceGuide {
  let muted = false;
  let last = '';
  let turn = 0;
  let hostSpeaks: boolean | null = null;

  /** The prompt the <audio> element is playing, so a load failure can hand it to the fallback. */
  let playing: { turn: number; text: string } | null = null;
  // A prompt whose audio cannot be loaded (evicted, data folder wiped meanwhile) is still spoken.
  audio.addEventListener('error', () => {
    if (playing && playing.turn === turn && !muted) fallback.say(playing.text);
    playing = null;
  });

  const silence = (): void => {
    audio.pause();
    fallback.stop();
  };
  const learn = (speaks: boolean): void => {
    if (hostSpeaks === speaks) return;
    hostSpeaks = speaks;
    onAvailability(speaks || fallback.available);
  };
  const speak = (text: string): void => {
    const mine = ++turn;
    silence();
    if (muted || text === '') return;
    // Once the host said it has no voice, prompts go straight to the fallback (no round trip).
    if (hostSpeaks === false) {
      fallback.say(text);
      return;
    }
    prepare(text)
      .then((url) => {
        if (mine !== turn || muted) return;
        if (url === null) {
          learn(false);
          fallback.say(text);
          return;
        }
        learn(true);
        playing = { turn: mine, text };
        if (audio.getAttribute('src') !== url) audio.src = url;
        audio.currentTime = 0;
        // A browser that refuses to play before the first tap stays quiet; the prompt is on screen.
        audio.play().catch(() => undefined);
      })
      .catch(() => {
        // The host did not answer (still connecting, restarting): this prompt only goes to the fallback.
        if (mine === turn && !muted) fallback.say(text);
      });
  };
  return {
    say(text) {
      last = text;
      speak(text);
    },
    repeat() {
      speak(last);
    },
    setMuted(m) {
      muted = m;
      fallback.setMuted(m);
      if (m) {
        turn += 1;
        silence();
      }
    },
    get muted() {
      return muted;
    },
    get available() {
      return hostSpeaks !== false || fallback.available;
    },
    stop() {
      turn += 1;
      silence();
    },
  };
}
