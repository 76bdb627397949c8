import { describe, expect, it } from 'vitest';
import { findEspeak } from '../../../main/speech/espeak-engine';
import { fixWavSizes, wavSeconds } from '../../../main/speech/wav-header';

describe('espeak-ng engine (the real program; scripts/ensure-system-deps.sh installs it)', () => {
  const engine = findEspeak();

  it('is found on this machine', () => {
    expect(engine).not.toBeNull();
  });

  it('renders Mandarin to a WAV whose sizes match its bytes', async () => {
    const r = await engine!.render('您好，请把身份证放在读卡区。');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const wav = r.value;
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    const seconds = wavSeconds(wav);
    expect(seconds).toBeGreaterThan(1);
    expect(seconds).toBeLessThan(10);
  });

  it('is absent when the program is missing', () => {
    expect(findEspeak({ command: '/nonexistent/espeak-ng' })).toBeNull();
  });

  it('is absent when the Mandarin voice is not installed (espeak-ng would speak English instead)', () => {
    expect(findEspeak({ voice: 'xx-no-such-voice' })).toBeNull();
  });

  it('answers a failure value when rendering takes longer than allowed', async () => {
    const r = await findEspeak({ command: 'espeak-ng', timeoutMs: 1 })!.render('你好'.repeat(100));
    expect(r).toMatchObject({ ok: false, error: { code: 'speech_timeout' } });
  });
});

describe('fixWavSizes', () => {
  it('sets the RIFF and data sizes from the bytes and refuses what is not a WAV', () => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(0x7ffff024, 4);
    header.write('WAVEfmt ', 8, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt32LE(44100, 28);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(0x7ffff000, 40);
    const fixed = fixWavSizes(Buffer.concat([header, Buffer.alloc(44100)]))!;
    expect(fixed.readUInt32LE(4)).toBe(44 + 44100 - 8);
    expect(fixed.readUInt32LE(40)).toBe(44100);
    expect(wavSeconds(fixed)).toBe(1);
    expect(fixWavSizes(Buffer.from('not a wav at all, just some text padding it out'))).toBeNull();
  });
});
