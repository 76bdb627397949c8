import { describe, expect, it } from 'vitest';
import { speakable } from '../../../rules/speakable';
import { createSilentVoiceGuide, createSpeechVoiceGuide } from '../../../renderer/voice/voice-guide';

class FakeUtterance {
  lang = '';
  rate = 1;
  voice: unknown = null;
  constructor(readonly text: string) {}
}

function fakeSynth() {
  const spoken: FakeUtterance[] = [];
  let cancels = 0;
  const synth = {
    speak: (u: FakeUtterance) => spoken.push(u),
    cancel: () => {
      cancels += 1;
    },
    getVoices: () => [
      { lang: 'en-US', name: 'en' },
      { lang: 'cmn-LATN-PINYIN', name: 'Chinese (Mandarin, latin as Pinyin)' },
    ],
  };
  return { synth: synth as unknown as SpeechSynthesis, spoken, cancels: () => cancels };
}

describe('voice guide', () => {
  it('speaks long numbers digit by digit', () => {
    expect(speakable('受理编号 20241122001')).toBe('受理编号 2 0 2 4 1 1 2 2 0 0 1');
    expect(speakable('第3步，共12步')).toBe('第3步，共12步');
    expect(speakable('430121-20261122-0001')).toBe('4 3 0 1 2 1-2 0 2 6 1 1 2 2-0 0 0 1');
  });

  it('speaks prompts in zh-CN, repeats the last one, stays quiet when muted', () => {
    (globalThis as { SpeechSynthesisUtterance?: unknown }).SpeechSynthesisUtterance = FakeUtterance;
    const { synth, spoken } = fakeSynth();
    const v = createSpeechVoiceGuide(synth);
    v.say('请刷身份证');
    expect(spoken).toHaveLength(1);
    expect(spoken[0]!.lang).toBe('zh-CN');
    expect((spoken[0]!.voice as { lang: string }).lang).toBe('cmn-LATN-PINYIN');
    v.repeat();
    expect(spoken.map((u) => u.text)).toEqual(['请刷身份证', '请刷身份证']);
    v.setMuted(true);
    v.say('请选择');
    v.repeat();
    expect(spoken).toHaveLength(2);
    v.setMuted(false);
    v.repeat();
    expect(spoken.at(-1)!.text).toBe('请选择');
  });

  it('silent guide says nothing and reports itself unavailable', () => {
    const v = createSilentVoiceGuide();
    expect(v.available).toBe(false);
    v.setMuted(true);
    expect(v.muted).toBe(true);
  });
});
