import { speakable } from '../../rules/speakable';

/** Spoken guidance for villager screens. Touch always works; voice only helps. */
export interface VoiceGuide {
  /** Speaks a screen's prompt, replacing whatever is being said. */
  say(text: string): void;
  /** Says the last prompt again (the 再听一遍 button). */
  repeat(): void;
  setMuted(muted: boolean): void;
  readonly muted: boolean;
  /** Whether this terminal can speak at all (decides if the voice buttons are shown). */
  readonly available: boolean;
  stop(): void;
}

/** For terminals without speechSynthesis: remembers the prompt, says nothing. */
export function createSilentVoiceGuide(): VoiceGuide {
  let muted = false;
  return {
    say: () => undefined,
    repeat: () => undefined,
    setMuted(m) {
      muted = m;
    },
    get muted() {
      return muted;
    },
    available: false,
    stop: () => undefined,
  };
}

/** Picks a Mandarin voice: zh-CN first, then any zh, then espeak-ng's cmn voices (Linux). */
function pickVoice(voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  const lang = (v: SpeechSynthesisVoice): string => v.lang.toLowerCase();
  return (
    voices.find((v) => lang(v) === 'zh-cn') ??
    voices.find((v) => lang(v).startsWith('zh')) ??
    voices.find((v) => lang(v).startsWith('cmn'))
  );
}

export function createSpeechVoiceGuide(synth: SpeechSynthesis): VoiceGuide {
  let muted = false;
  let last = '';
  const speak = (text: string): void => {
    synth.cancel();
    if (muted || text === '') return;
    const u = new SpeechSynthesisUtterance(speakable(text));
    u.lang = 'zh-CN';
    u.rate = 0.9;
    const voice = pickVoice(synth.getVoices());
    if (voice) u.voice = voice;
    synth.speak(u);
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
      if (m) synth.cancel();
    },
    get muted() {
      return muted;
    },
    available: true,
    stop() {
      synth.cancel();
    },
  };
}

export function createVoiceGuide(): VoiceGuide {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function'
    ? createSpeechVoiceGuide(window.speechSynthesis)
    : createSilentVoiceGuide();
}
