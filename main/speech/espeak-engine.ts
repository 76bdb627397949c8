import { spawn, spawnSync } from 'node:child_process';
import { err, ok, type Result } from '../../rules/result';
import { fixWavSizes } from './wav-header';

export type SpeechFailureCode = 'speech_failed' | 'speech_timeout';

/** Turns a prompt into WAV bytes. */
export interface SpeechEngine {
  /** Part of the cache key: the same text in another voice is another sound. */
  readonly voice: string;
  render(text: string): Promise<Result<Buffer, SpeechFailureCode>>;
}

const failedMessage = '语音合成失败，请技术员检查 espeak-ng 和它的普通话语音（cmn）';

export interface EspeakOptions {
  /** The program (tests point it at a missing one); `CUNZHAN_ESPEAK_NG` overrides it. */
  readonly command?: string;
  /** espeak-ng voice; `cmn` is Mandarin. */
  readonly voice?: string;
  /** Words per minute; a little slower than espeak's 175 for older listeners. */
  readonly wordsPerMinute?: number;
  readonly timeoutMs?: number;
}

/**
 * espeak-ng's Mandarin voice, or null when the program is not installed (the page then falls back
 * to the browser's speechSynthesis). The text goes in on stdin: a command line is visible to every
 * user of the machine in `ps`, and a prompt may carry a masked name.
 */
export function findEspeak(options: EspeakOptions = {}): SpeechEngine | null {
  const command = options.command ?? process.env.CUNZHAN_ESPEAK_NG ?? 'espeak-ng';
  const voice = options.voice ?? 'cmn';
  // espeak-ng quietly speaks an unknown voice with its default (English) one: ask for the voice itself.
  const probe = spawnSync(command, [`--voices=${voice}`], { encoding: 'utf8', timeout: 5000 });
  if (probe.error || probe.status !== 0 || !hasVoice(probe.stdout, voice)) return null;
  const args = ['-v', voice, '-s', String(options.wordsPerMinute ?? 150), '-b', '1', '--stdout', '--stdin'];
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    voice: `espeak-ng:${voice}:${options.wordsPerMinute ?? 150}`,
    render: (text) =>
      new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
        const chunks: Buffer[] = [];
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs);
        child.stdout.on('data', (c: Buffer) => chunks.push(c));
        child.on('error', () => {
          clearTimeout(timer);
          resolve(err('speech_failed', failedMessage));
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          if (timedOut) return resolve(err('speech_timeout', '语音合成超时，请技术员检查 espeak-ng'));
          const wav = code === 0 ? fixWavSizes(Buffer.concat(chunks)) : null;
          resolve(wav ? ok(wav) : err('speech_failed', failedMessage));
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(text, 'utf8');
      }),
  };
}

/** Whether `espeak-ng --voices=<lang>` lists a voice for exactly that language (second column). */
function hasVoice(listing: string, voice: string): boolean {
  return listing
    .split('\n')
    .slice(1)
    .some((line) => line.trim().split(/\s+/)[1] === voice.toLowerCase());
}
