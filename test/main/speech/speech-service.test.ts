import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findEspeak, type SpeechEngine } from '../../../main/speech/espeak-engine';
import { SpeechCache } from '../../../main/speech/speech-cache';
import { SpeechService, speechUrl } from '../../../main/speech/speech-service';
import { wavSeconds } from '../../../main/speech/wav-header';
import { fixedPrompts } from '../../../renderer/voice/fixed-prompts';

const dirs: string[] = [];
function cacheDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'speech-service-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The real espeak-ng, counting what it was asked to say. */
function countingEngine(): { engine: SpeechEngine; texts: string[] } {
  const real = findEspeak()!;
  const texts: string[] = [];
  return {
    texts,
    engine: {
      voice: real.voice,
      render: (text) => {
        texts.push(text);
        return real.render(text);
      },
    },
  };
}

describe('SpeechService', () => {
  it('renders a prompt once and answers the same key again from the cache', async () => {
    const { engine, texts } = countingEngine();
    const dir = cacheDir();
    const speech = new SpeechService(engine, new SpeechCache(dir, 50_000_000));
    const [a, b] = await Promise.all([speech.prepare('请核对信息。'), speech.prepare('请核对信息。')]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(await speech.prepare('请核对信息。')).toBe(a);
    expect(texts).toEqual(['请核对信息。']);
    expect(wavSeconds(speech.read(a!)!)).toBeGreaterThan(0.5);
    expect(speechUrl(a!)).toBe(`/speech/${a}.wav`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.wav'))).toHaveLength(1);
  });

  it('reads receipt numbers digit by digit', async () => {
    const { engine, texts } = countingEngine();
    const speech = new SpeechService(engine, new SpeechCache(cacheDir(), 50_000_000));
    await speech.prepare('您的受理编号是 1234-5678-9012。');
    expect(texts).toEqual(['您的受理编号是 1 2 3 4-5 6 7 8-9 0 1 2。']);
  });

  it('pre-renders the fixed prompts once; a second start finds them all cached', async () => {
    const dir = cacheDir();
    const prompts = fixedPrompts([{ label: '联系电话', type: 'phone' }]).slice(0, 6);
    const first = await new SpeechService(findEspeak(), new SpeechCache(dir, 50_000_000)).prerender(prompts);
    expect(first).toEqual({ rendered: 6, cached: 0, failed: 0 });
    const again = await new SpeechService(findEspeak(), new SpeechCache(dir, 50_000_000)).prerender(prompts);
    expect(again).toEqual({ rendered: 0, cached: 6, failed: 0 });
  });

  it('answers null without an engine, so the page uses its fallback', async () => {
    const speech = new SpeechService(null, new SpeechCache(cacheDir(), 1000));
    expect(speech.available).toBe(false);
    expect(await speech.prepare('您好')).toBeNull();
  });

  it('answers null when the engine fails, and caches nothing', async () => {
    const failing: SpeechEngine = {
      voice: 'broken',
      render: () => Promise.resolve({ ok: false, error: { code: 'speech_failed', message: '语音合成失败' } }),
    };
    const dir = cacheDir();
    expect(await new SpeechService(failing, new SpeechCache(dir, 1000)).prepare('您好')).toBeNull();
    expect(readdirSync(dir).filter((f) => f.endsWith('.wav'))).toHaveLength(0);
  });
});

describe('fixedPrompts', () => {
  it('holds the screens’ fixed prompts and each asked field’s, without duplicates or blanks', () => {
    const prompts = fixedPrompts([
      { label: '联系电话', type: 'phone' },
      { label: '是否低保户', type: 'checkbox' },
      { label: '申请类别', type: 'select' },
    ]);
    expect(prompts).toContain('您好，请把身份证放在读卡区，或者扫描二维码。');
    expect(prompts).toContain('请核对信息，没有问题请按确认提交。');
    expect(prompts).toContain('请填写联系电话');
    expect(prompts).toContain('是否低保户，请选择是或否');
    expect(prompts).toContain('请选择申请类别');
    expect(new Set(prompts).size).toBe(prompts.length);
    expect(prompts.every((p) => p.length > 0 && p.length <= 300)).toBe(true);
  });
});
