import { buildGrammar, commandFor, type ScreenVocabulary, type VoiceCommand } from './grammar';

/**
 * A speech recogniser limited to a grammar: the vosk-browser one in a worker in the kiosk, a
 * scripted one in tests. `start` begins listening with the phrases; `stop` ends it and the final
 * text (possibly empty) arrives once through `onFinal`.
 */
export interface Recogniser {
  start(phrases: readonly string[]): void;
  stop(): void;
  onFinal(listener: (text: string) => void): void;
}

export interface VoiceActions {
  /** What the current screen offers to be said; read when the button is pressed. */
  screen(): ScreenVocabulary;
  /** Carry out a command that belongs to the current screen. */
  perform(command: VoiceCommand): void;
  /** Nothing usable was heard: ask again (spoken and shown). */
  notUnderstood(): void;
}

export interface PushToTalk {
  /** 按住说话 pressed: listen for what this screen offers. */
  press(): void;
  /** Released: stop listening; the result is dispatched when the recogniser delivers it. */
  release(): void;
  readonly listening: boolean;
}

/**
 * Hold-to-talk: the grammar is built from the screen at the moment of pressing, so a word from the
 * last screen (a service name after the list has gone) can never be acted on. A release without a
 * press, or a second press while listening, changes nothing.
 */
export function createPushToTalk(recogniser: Recogniser, actions: VoiceActions): PushToTalk {
  let grammar: ReturnType<typeof buildGrammar> | null = null;
  let listening = false;
  recogniser.onFinal((text) => {
    const current = grammar;
    grammar = null;
    if (!current) return;
    const command = commandFor(current, text);
    if (command) actions.perform(command);
    else actions.notUnderstood();
  });
  return {
    press() {
      if (listening) return;
      listening = true;
      grammar = buildGrammar(actions.screen());
      recogniser.start(grammar.phrases);
    },
    release() {
      if (!listening) return;
      listening = false;
      recogniser.stop();
    },
    get listening() {
      return listening;
    },
  };
}
