import { describe, expect, it } from 'vitest';
import type { ScreenVocabulary, VoiceCommand } from '../../../renderer/voice-commands/grammar';
import { createPushToTalk, type Recogniser } from '../../../renderer/voice-commands/push-to-talk';

/** Plays back one scripted utterance per press, checking it only ever hears its grammar. */
class ScriptedRecogniser implements Recogniser {
  readonly grammars: (readonly string[])[] = [];
  private listener: (text: string) => void = () => {};
  stops = 0;
  constructor(private readonly script: string[]) {}
  start(phrases: readonly string[]): void {
    this.grammars.push(phrases);
  }
  stop(): void {
    this.stops += 1;
    this.listener(this.script.shift() ?? '');
  }
  onFinal(listener: (text: string) => void): void {
    this.listener = listener;
  }
}

function harness(script: string[], screens: ScreenVocabulary[]) {
  const recogniser = new ScriptedRecogniser(script);
  const performed: VoiceCommand[] = [];
  let misses = 0;
  let screen = 0;
  const ptt = createPushToTalk(recogniser, {
    screen: () => screens[Math.min(screen, screens.length - 1)]!,
    perform: (c) => {
      performed.push(c);
      screen += 1;
    },
    notUnderstood: () => {
      misses += 1;
    },
  });
  const say = (): void => {
    ptt.press();
    ptt.release();
  };
  return { recogniser, performed, ptt, say, misses: () => misses };
}

describe('push-to-talk dispatcher', () => {
  it('a service name, then an option, then 下一步: each dispatched on its own screen', () => {
    const h = harness(
      ['城 乡 居 民 医 保 参 保 登 记', '普 通 居 民', '下 一 步'],
      [
        { choices: ['城乡居民医保参保登记', '高龄津贴申请'], keypad: false },
        { choices: ['普通居民', '低保对象'], keypad: false },
        { choices: [], keypad: false },
      ],
    );
    h.say();
    h.say();
    h.say();
    expect(h.performed).toEqual([
      { kind: 'choose', label: '城乡居民医保参保登记' },
      { kind: 'choose', label: '普通居民' },
      { kind: 'next' },
    ]);
    expect(h.misses()).toBe(0);
  });

  it('a word of the previous screen is not acted on (the grammar is the screen at the press)', () => {
    const h = harness(['高 龄 津 贴 申 请'], [{ choices: ['普通居民'], keypad: false }]);
    h.say();
    expect(h.recogniser.grammars[0]).not.toContain('高 龄 津 贴 申 请');
    expect(h.performed).toEqual([]);
    expect(h.misses()).toBe(1);
  });

  it('digits only where a keypad shows; silence and [unk] ask again', () => {
    const h = harness(['幺', '[unk]', ''], [{ choices: [], keypad: true }]);
    h.say();
    h.say();
    h.say();
    expect(h.performed).toEqual([{ kind: 'digit', digit: '1' }]);
    expect(h.misses()).toBe(2);
  });

  it('a second press while listening and a release without a press change nothing', () => {
    const h = harness(['回 首 页'], [{ choices: [], keypad: false }]);
    h.ptt.release();
    expect(h.recogniser.stops).toBe(0);
    h.ptt.press();
    h.ptt.press();
    expect(h.ptt.listening).toBe(true);
    expect(h.recogniser.grammars).toHaveLength(1);
    h.ptt.release();
    expect(h.ptt.listening).toBe(false);
    expect(h.performed).toEqual([{ kind: 'home' }]);
  });
});
