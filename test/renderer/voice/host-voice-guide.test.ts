import { describe, expect, it } from 'vitest';
import { createHostVoiceGuide } from '../../../renderer/voice/host-voice-guide';
import type { VoiceGuide } from '../../../renderer/voice/voice-guide';

/** The parts of HTMLAudioElement the guide uses, recording what it was told. */
function fakeAudio() {
  const listeners: Record<string, (() => void)[]> = {};
  const log: string[] = [];
  let src = '';
  const audio = {
    currentTime: 5,
    get src() {
      return src;
    },
    set src(v: string) {
      src = v;
      log.push(`src ${v}`);
    },
    getAttribute: (name: string) => (name === 'src' && src !== '' ? src : null),
    pause: () => log.push('pause'),
    play: () => {
      log.push(`play ${src}`);
      return Promise.resolve();
    },
    addEventListener: (type: string, cb: () => void) => (listeners[type] ??= []).push(cb),
  };
  return {
    audio: audio as unknown as HTMLAudioElement,
    log,
    fire: (type: string) => listeners[type]?.forEach((cb) => cb()),
  };
}

function fakeFallback(available = true) {
  const said: string[] = [];
  let muted = false;
  const guide: VoiceGuide = {
    say: (t) => said.push(t),
    repeat: () => undefined,
    setMuted: (m) => {
      muted = m;
    },
    get muted() {
      return muted;
    },
    available,
    stop: () => undefined,
  };
  return { guide, said };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('host voice guide', () => {
  it('plays the URL the host answered, and 再听一遍 plays it again from the start', async () => {
    const { audio, log } = fakeAudio();
    const { guide: fallback, said } = fakeFallback();
    const asked: string[] = [];
    const voice = createHostVoiceGuide(
      async (t) => {
        asked.push(t);
        return `/speech/${'a'.repeat(64)}.wav`;
      },
      audio,
      fallback,
    );
    voice.say('请核对信息。');
    await tick();
    expect(log).toContain(`play /speech/${'a'.repeat(64)}.wav`);
    expect(audio.currentTime).toBe(0);
    voice.repeat();
    await tick();
    expect(asked).toEqual(['请核对信息。', '请核对信息。']);
    expect(log.filter((l) => l.startsWith('play'))).toHaveLength(2);
    expect(log.filter((l) => l.startsWith('src'))).toHaveLength(1);
    expect(said).toEqual([]);
  });

  it('plays only the newest prompt when answers arrive out of order', async () => {
    const { audio, log } = fakeAudio();
    const answers: ((url: string) => void)[] = [];
    const voice = createHostVoiceGuide(
      () => new Promise<string>((resolve) => answers.push(resolve)),
      audio,
      fakeFallback().guide,
    );
    voice.say('第一句');
    voice.say('第二句');
    answers[1]!('/speech/second.wav');
    answers[0]!('/speech/first.wav');
    await tick();
    expect(log.filter((l) => l.startsWith('play'))).toEqual(['play /speech/second.wav']);
  });

  it('says nothing while muted (关闭声音) and speaks again when unmuted', async () => {
    const { audio, log } = fakeAudio();
    const voice = createHostVoiceGuide(async () => '/speech/x.wav', audio, fakeFallback().guide);
    voice.setMuted(true);
    voice.say('您好');
    await tick();
    expect(log.some((l) => l.startsWith('play'))).toBe(false);
    expect(voice.muted).toBe(true);
    voice.setMuted(false);
    voice.repeat();
    await tick();
    expect(log.filter((l) => l.startsWith('play'))).toEqual(['play /speech/x.wav']);
  });

  it('falls back to speechSynthesis when the host has no espeak-ng, and says so once', async () => {
    const { audio, log } = fakeAudio();
    const { guide: fallback, said } = fakeFallback(false);
    const availability: boolean[] = [];
    const voice = createHostVoiceGuide(
      async () => null,
      audio,
      fallback,
      (a) => availability.push(a),
    );
    expect(voice.available).toBe(true);
    voice.say('您好');
    voice.say('请核对信息。');
    await tick();
    expect(said).toEqual(['请核对信息。']); // the first answer came after the second say: dropped
    expect(availability).toEqual([false]);
    expect(voice.available).toBe(false);
    expect(log.some((l) => l.startsWith('play'))).toBe(false);
    voice.repeat(); // known now: straight to the fallback, no wait for the host
    expect(said).toEqual(['请核对信息。', '请核对信息。']);
  });

  it('hands a prompt to the fallback when the host did not answer or the audio would not load', async () => {
    const { audio, fire } = fakeAudio();
    const { guide: fallback, said } = fakeFallback();
    let answer: 'reject' | 'url' = 'reject';
    const voice = createHostVoiceGuide(
      () => (answer === 'reject' ? Promise.reject(new Error('closed')) : Promise.resolve('/speech/y.wav')),
      audio,
      fallback,
    );
    voice.say('还在吗？');
    await tick();
    expect(said).toEqual(['还在吗？']);
    expect(voice.available).toBe(true);
    answer = 'url';
    voice.say('请选择要办理的事项。');
    await tick();
    fire('error');
    expect(said).toEqual(['还在吗？', '请选择要办理的事项。']);
  });
});
