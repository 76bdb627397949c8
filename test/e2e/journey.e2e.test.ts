import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchKioskPage, smallTargets } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * The first villager journey against the real terminal (service host + simulated devices) in
 * Debian's Chromium: card → greeting → service → form → review → saved → receipt → progress →
 * home, then the idle reset. Screenshots go to artifacts/e2e/journey-*.png.
 */
const IDLE_SEC = 8;
const COUNTDOWN_SEC = 4;
const SERVICE = 'YL-RZ';
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;
const card = SAMPLE_CARDS[0]!;

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let shotNo = 0;

async function shot(name: string): Promise<void> {
  shotNo += 1;
  await page.screenshot({ path: `${shots}journey-${String(shotNo).padStart(2, '0')}-${name}.png` });
}

async function spoken(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
}

async function typeOnKeypad(testid: string, text: string): Promise<void> {
  for (const ch of text) await page.getByTestId(`${testid}-key-${ch}`).click();
}

describe('villager journey (real terminal, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    buildRenderer();
    terminal = await startTerminal({
      // This journey listens through speechSynthesis: with the host's espeak-ng switched off it
      // also proves the page's fallback (voice.e2e.test.ts covers the host's voice).
      CUNZHAN_ESPEAK_NG: '/nonexistent/espeak-ng',
      CUNZHAN_IDLE_TIMEOUT_SEC: String(IDLE_SEC),
      CUNZHAN_COUNTDOWN_SEC: String(COUNTDOWN_SEC),
    });
    ({ browser, page, errors } = await launchKioskPage());
    // Record what the voice guide asks Chromium to say (headless Chromium has no voices).
    await page.addInitScript(() => {
      const w = window as unknown as { __spoken: string[] };
      w.__spoken = [];
      const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        w.__spoken.push(u.text);
        speak(u);
      };
    });
  });

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
  });

  it('walks card → service → form → review → saved → receipt → progress → home', async () => {
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId('demo-badge').waitFor();
    // The token is read from the fragment, then removed from the address bar.
    expect(new URL(page.url()).hash).toBe('');
    await expect(page.getByTestId('home-card').textContent()).resolves.toContain('请刷身份证');
    expect(await smallTargets(page)).toEqual([]);
    await shot('home');

    await page.getByTestId('demo-open').click();
    await page.getByTestId(`demo-card-${card.id}`).click();
    await page.getByTestId('screen-services').waitFor();
    // A new session clears the screen, the presenter strip folds away with it.
    await page.getByTestId('demo-open').waitFor();
    const greeting = (await page.getByTestId('greeting').textContent()) ?? '';
    expect(greeting).toMatch(/^李\*.*您好$/);
    expect(greeting).not.toContain(card.card.name);
    await page.getByTestId(`service-${SERVICE}`).waitFor();
    expect(await smallTargets(page)).toEqual([]);
    await shot('services');
    const said = await spoken();
    expect(said[0]).toContain('请把身份证放在读卡区');
    expect(said.at(-1)).toMatch(/^李\*.*请选择要办理的事项/);
    expect(said.join('')).not.toContain(card.card.name);

    await page.getByTestId(`service-${SERVICE}`).click();
    await page.getByTestId('screen-form').waitFor();
    const prefilled = (await page.getByTestId('form-prefilled').textContent()) ?? '';
    expect(prefilled).not.toContain(card.card.name);
    expect(prefilled).not.toContain(card.card.idNumber);
    expect(prefilled).toContain('李*');
    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('phone');
    // A wrong number is caught on the same step, with the reason in plain Chinese.
    await typeOnKeypad('field-phone-keypad', '12800138000');
    await page.getByTestId('form-next').click();
    await expect(page.getByTestId('form-error').textContent()).resolves.toContain('手机号码');
    await shot('form-phone-error');
    await page.getByTestId('field-phone-keypad-key-clear').click();
    await typeOnKeypad('field-phone-keypad', '13800138000');
    await expect(page.getByTestId('field-phone-keypad-display').textContent()).resolves.toBe('138 0013 8000');
    expect(await smallTargets(page)).toEqual([]);
    await shot('form-phone');
    await page.getByTestId('form-next').click();

    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('residence_status');
    await page.getByTestId('field-residence_status-option-0').click();
    await shot('form-select');
    await page.getByTestId('form-next').click();

    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('photo_taken');
    await page.getByTestId('field-photo_taken-yes').click();
    await shot('form-yes-no');
    await page.getByTestId('form-next').click();

    await page.getByTestId('screen-review').waitFor();
    await expect(page.getByTestId('review-phone').textContent()).resolves.toContain('138****8000');
    await shot('review');
    // A double tap must save one application only.
    await page.getByTestId('review-submit').dblclick();
    await page.getByTestId('screen-done').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('done-title').textContent()).resolves.toBe('已保存，有网络时自动上报');
    const localNumber = ((await page.getByTestId('done-number').textContent()) ?? '').trim();
    // A private number: 11 random digits and a check digit (docs/kiosk-api.md, Receipt numbers).
    expect(localNumber).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    const printed = await page.getByTestId('done-printed').isVisible();
    if (!printed) await expect(page.getByTestId('done-not-printed').textContent()).resolves.toContain('请找工作人员');
    await shot('done');
    // The number is spoken digit by digit; 再听一遍 says it again; muted, nothing more is said.
    expect((await spoken()).at(-1)).toContain(localNumber.split('-')[0]!.split('').join(' '));
    const before = (await spoken()).length;
    await page.getByTestId('voice-repeat').click();
    expect((await spoken()).length).toBe(before + 1);
    await page.getByTestId('voice-mute').click();
    await page.getByTestId('voice-repeat').click();
    expect((await spoken()).length).toBe(before + 1);
    await page.getByTestId('voice-mute').click();

    // Saved rows: one application and its outbox row; no plain name or ID number on disk.
    const dbPath = `${terminal.dataDir}/cunzhan.db`;
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const txs = db.prepare('SELECT tx_id, local_number, service_code, masked_name FROM transactions').all() as {
        tx_id: string;
        local_number: string;
        service_code: string;
        masked_name: string;
      }[];
      expect(txs).toHaveLength(1);
      expect(txs[0]).toMatchObject({ local_number: localNumber, service_code: SERVICE });
      const outbox = db.prepare('SELECT tx_id, kind FROM sync_outbox').all() as { tx_id: string; kind: string }[];
      expect(outbox).toEqual([{ tx_id: txs[0]!.tx_id, kind: 'application' }]);
    } finally {
      db.close();
    }
    for (const file of [dbPath, `${dbPath}-wal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(card.card.idNumber)), `${file} holds the plain ID number`).toBe(false);
      expect(bytes.includes(Buffer.from(card.card.name)), `${file} holds the plain name`).toBe(false);
      expect(bytes.includes(Buffer.from('13800138000')), `${file} holds the plain phone`).toBe(false);
    }

    // The receipt as printed by the simulated printer.
    await page.getByTestId('demo-open').click();
    await page.getByTestId('demo-last-receipt').click();
    const transcript = (await page.getByTestId('demo-receipt-transcript').textContent()) ?? '';
    expect(transcript).toContain(localNumber);
    expect(transcript).not.toContain(card.card.name);
    expect(transcript).not.toContain(card.card.idNumber);
    await shot('receipt');

    // Scanning the receipt's code opens its progress.
    await page.getByTestId('demo-scan-receipt').click();
    await page.getByTestId('screen-progress').waitFor();
    await page.getByTestId('demo-close').click();
    await expect(page.getByTestId('progress-number').textContent()).resolves.toContain(localNumber);
    // The reference platform runs beside the terminal, so the status may already have moved on.
    expect(Object.values(zhCN.progress.status)).toContain(await page.getByTestId('progress-status').textContent());
    await shot('progress');
    await page.getByTestId('progress-home').click();
    await page.getByTestId('screen-home').waitFor();

    // The same page by typing the number on the home screen's keypad.
    await page.getByTestId('home-progress').click();
    await page.getByTestId('screen-progress-entry').waitFor();
    await typeOnKeypad('progress-keypad', localNumber);
    await shot('progress-entry');
    await page.getByTestId('progress-search').click();
    await page.getByTestId('screen-progress').waitFor();
    // The full private number is enough to see the masked ID.
    await expect(page.getByTestId('progress-id').textContent()).resolves.toContain('**********');
    await page.getByTestId('progress-home').click();
    await page.getByTestId('screen-home').waitFor();
    expect(errors).toEqual([]);
  });

  it('asks "还在吗" after the idle time, keeps going on a tap, then clears everything', async () => {
    const host = await connectFromNode(terminal.url);
    try {
      // The card from the first journey still lies on the reader: take it away, put it back.
      await page.getByTestId('demo-open').click();
      await page.getByTestId('demo-remove-card').click();
      await page.waitForTimeout(1_000);
      await page.getByTestId(`demo-card-${card.id}`).click();
      await page.getByTestId('screen-services').waitFor();
      await page.getByTestId('demo-open').waitFor();
      await page.getByTestId(`service-${SERVICE}`).click();
      await page.getByTestId('screen-form').waitFor();
      await typeOnKeypad('field-phone-keypad', '139');

      const started = Date.now();
      await page.getByTestId('idle-banner').waitFor({ timeout: (IDLE_SEC + 5) * 1000 });
      expect(Date.now() - started).toBeGreaterThanOrEqual((IDLE_SEC - 1) * 1000);
      await expect(page.getByTestId('idle-countdown').textContent()).resolves.toMatch(/秒后将清除您的信息/);
      expect((await spoken()).at(-1)).toContain('您还在吗');
      // The task stays visible above the banner.
      expect(await page.getByTestId('screen-form').isVisible()).toBe(true);
      await shot('idle-countdown');
      await page.getByTestId('idle-keep-going').click();
      await page.getByTestId('idle-banner').waitFor({ state: 'detached' });
      await expect(page.getByTestId('field-phone-keypad-display').textContent()).resolves.toBe('139');

      await page.getByTestId('idle-banner').waitFor({ timeout: (IDLE_SEC + 5) * 1000 });
      await page.getByTestId('screen-home').waitFor({ timeout: (COUNTDOWN_SEC + 5) * 1000 });
      await shot('idle-home');
      const html = await page.content();
      expect(html).not.toContain('李*');
      expect(html).not.toContain('139');
      const current = await host.api.invoke('session.current', {});
      expect(current).toEqual({ ok: true, value: null });
      expect(errors).toEqual([]);
    } finally {
      host.close();
    }
  });
});
