import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { maskIdNumber } from '../../rules/masking';
import { privateReceiptNumber } from '../../rules/receipt-number';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { saveApplication } from './helpers/apply';
import { launchKioskPage } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * Receipt numbers typed at the kiosk (real terminal, Chromium), read by visible text: a guessed
 * number finds nothing, a typo is caught by the check digit, an old-style running number shows
 * its status but nothing personal, and the full private number shows the masked ID.
 * Screenshots: artifacts/e2e/receipt-privacy-*.png.
 */
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;
const SERVICE = 'YL-RZ';
const LEGACY = '430121100201-20261122-0001';
const card = SAMPLE_CARDS[0]!.card;
/** The applicant of the old-style receipt. */
const legacyCard = SAMPLE_CARDS[1]!.card;

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let privateNumber: string;

async function lookUp(typed: string): Promise<void> {
  await page.getByText(zhCN.home.progress, { exact: true }).click();
  await page.getByText(zhCN.progressEntry.hint).waitFor();
  for (const ch of typed) await page.getByTestId(`progress-keypad-key-${ch}`).click();
  await page.getByRole('button', { name: zhCN.progressEntry.search, exact: true }).click();
}

async function backHome(): Promise<void> {
  await page.getByRole('button', { name: zhCN.common.home, exact: true }).first().click();
  await page.getByTestId('screen-home').waitFor();
}

describe('private receipt numbers at the kiosk (real terminal, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    buildRenderer();
    terminal = await startTerminal();
    const host = await connectFromNode(terminal.url);
    try {
      ({ localNumber: privateNumber } = await saveApplication(host.api, SAMPLE_CARDS[0]!.id, SERVICE));
      // The simulated reader polls: let it see the first card go before the next one comes.
      await new Promise((r) => setTimeout(r, 1_500));
      const { txId } = await saveApplication(host.api, SAMPLE_CARDS[1]!.id, SERVICE);
      // An application saved before private numbers existed: it keeps its running number.
      const db = new Database(`${terminal.dataDir}/cunzhan.db`, { fileMustExist: true, timeout: 5_000 });
      try {
        db.prepare('UPDATE transactions SET local_number = ? WHERE tx_id = ?').run(LEGACY, txId);
      } finally {
        db.close();
      }
    } finally {
      host.close();
    }
    ({ browser, page, errors } = await launchKioskPage());
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
  });

  it('prints private numbers: 12 digits with a check digit', () => {
    expect(privateNumber).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  });

  it('a guessed number shows nothing personal', async () => {
    // A guess with a correct check digit (anyone can compute those) reaches the lookup and misses.
    let guess = privateReceiptNumber('12345678901');
    if (guess === privateNumber) guess = privateReceiptNumber('12345678902');
    await lookUp(guess);
    await page.getByText(zhCN.errors.not_found).first().waitFor();
    expect(await page.getByTestId('screen-progress').count()).toBe(0);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain(maskIdNumber(card.idNumber));
    expect(text).not.toContain(maskIdNumber(legacyCard.idNumber));
    expect(text).not.toContain(zhCN.progress.idLabel);
    await page.screenshot({ path: `${shots}receipt-privacy-1-guess.png` });
  });

  it('a mistyped digit is caught by the check digit', async () => {
    await page.getByTestId('progress-keypad-key-clear').click();
    const digits = privateNumber.replace(/-/g, '');
    const typo = digits.slice(0, 5) + (digits[5] === '9' ? '0' : String(Number(digits[5]) + 1)) + digits.slice(6);
    for (const ch of typo) await page.getByTestId(`progress-keypad-key-${ch}`).click();
    await page.getByRole('button', { name: zhCN.progressEntry.search, exact: true }).click();
    await page.getByText(zhCN.errors.receipt_typo).first().waitFor();
    expect(await page.getByTestId('screen-progress').count()).toBe(0);
    await backHome();
  });

  it('an old running number shows the status only, not the masked ID or the note', async () => {
    await lookUp(LEGACY);
    await page.getByText(zhCN.progress.detailsHidden).waitFor();
    expect(Object.values(zhCN.progress.status)).toContain(await page.getByTestId('progress-status').textContent());
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain(LEGACY);
    expect(text).not.toContain(maskIdNumber(legacyCard.idNumber));
    // No 身份证号 or 说明 row (the platform note may exist: the reference platform runs beside).
    expect(await page.locator('dt', { hasText: zhCN.progress.idLabel }).count()).toBe(0);
    expect(await page.locator('dt', { hasText: zhCN.progress.noteLabel }).count()).toBe(0);
    await page.screenshot({ path: `${shots}receipt-privacy-2-legacy.png` });
    await backHome();
  });

  it('the full private number (typed without dashes) shows the masked ID', async () => {
    await lookUp(privateNumber.replace(/-/g, ''));
    await page.getByText(zhCN.progress.idLabel).waitFor();
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain(maskIdNumber(card.idNumber));
    expect(text).toContain(privateNumber);
    expect(text).not.toContain(zhCN.progress.detailsHidden);
    await page.screenshot({ path: `${shots}receipt-privacy-3-private.png` });
    await backHome();
    expect(errors).toEqual([]);
  });
});
