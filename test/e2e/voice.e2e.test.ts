import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { launchKioskPage } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';

/**
 * The host's voice in Chromium: every prompt is rendered by espeak-ng on the host and played by
 * the page's <audio> from our own origin (CSP media-src 'self'); speechSynthesis stays unused.
 */
let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];

interface AudioState {
  src: string;
  duration: number;
  played: number;
  paused: boolean;
  plays: number;
}

async function audioState(): Promise<AudioState> {
  return page.evaluate(() => {
    const a = document.querySelector<HTMLAudioElement>('audio[data-testid="voice-audio"]')!;
    const w = window as unknown as { __plays: number };
    return { src: a.src, duration: a.duration, played: a.played.length, paused: a.paused, plays: w.__plays };
  });
}

/** Waits until the <audio> has played a source other than `previous` for a moment. */
async function playedNew(previous: string): Promise<AudioState> {
  await page.waitForFunction(
    (prev) => {
      const a = document.querySelector<HTMLAudioElement>('audio[data-testid="voice-audio"]');
      return !!a && a.src !== '' && a.src !== prev && a.duration > 0 && a.currentTime > 0;
    },
    previous,
    { timeout: 20_000 },
  );
  return audioState();
}

describe('spoken guidance from the host (espeak-ng → <audio>)', () => {
  beforeAll(async () => {
    buildRenderer();
    terminal = await startTerminal();
    ({ browser, page, errors } = await launchKioskPage(['--autoplay-policy=no-user-gesture-required']));
    await page.addInitScript(() => {
      const w = window as unknown as { __plays: number; __synth: string[] };
      w.__plays = 0;
      w.__synth = [];
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        w.__plays += 1;
        return play.call(this);
      };
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void w.__synth.push(u.text);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
  });

  it('plays the home prompt, the greeting with the masked name, and 再听一遍; 关闭声音 stops it', async () => {
    await page.goto(terminal.url);
    await page.getByText('请刷身份证').waitFor();
    const origin = new URL(terminal.url).origin;

    const home = await playedNew('');
    expect(home.src).toMatch(new RegExp(`^${origin}/speech/[0-9a-f]{64}\\.wav$`));
    expect(home.duration).toBeGreaterThan(1);
    expect(home.played).toBeGreaterThan(0);

    // A dynamic prompt: the greeting carries the masked name, rendered on demand.
    await page.getByRole('button', { name: '演示' }).click();
    await page.getByTestId(`demo-card-${SAMPLE_CARDS[0]!.id}`).click();
    await page.getByText('请选择要办理的事项').first().waitFor();
    const greeting = await playedNew(home.src);
    expect(greeting.src).toMatch(new RegExp(`^${origin}/speech/[0-9a-f]{64}\\.wav$`));
    expect(greeting.duration).toBeGreaterThan(1);
    // The URL tells nothing of the name.
    expect(decodeURIComponent(greeting.src)).not.toContain(SAMPLE_CARDS[0]!.card.name.slice(0, 1));

    await page.getByRole('button', { name: '再听一遍' }).click();
    await page.waitForFunction((n) => (window as unknown as { __plays: number }).__plays > n, greeting.plays);
    expect((await audioState()).src).toBe(greeting.src);

    await page.getByRole('button', { name: '关闭声音' }).click();
    expect((await audioState()).paused).toBe(true);
    const muted = await audioState();
    await page.getByRole('button', { name: '再听一遍' }).click();
    await page.waitForTimeout(500);
    expect((await audioState()).plays).toBe(muted.plays);
    await page.getByRole('button', { name: '打开声音' }).click();
    await page.getByRole('button', { name: '再听一遍' }).click();
    await page.waitForFunction((n) => (window as unknown as { __plays: number }).__plays > n, muted.plays);

    // The browser's own speech was never used: the host spoke every prompt.
    expect(await page.evaluate(() => (window as unknown as { __synth: string[] }).__synth)).toEqual([]);
    expect(errors).toEqual([]);
    // Nothing the villager heard reached the host's log.
    expect(terminal.logs.join('')).not.toContain('请选择要办理的事项');
  });
});
