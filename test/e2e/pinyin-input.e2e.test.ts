import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchKioskPage, smallTargets } from './helpers/browser';
import { seedServices } from './helpers/catalog';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';

/**
 * Pinyin on the text keyboard (real terminal, Chromium), driven by visible labels: 户主姓名 of
 * 城乡居民医保参保登记 typed as zhang → 张 and san → 三, initials (zh) offering common characters,
 * letters that spell nothing saying so, and the answer reaching the review screen and being saved.
 * Screenshots: artifacts/e2e/pinyin-*.png.
 */
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;
const card = SAMPLE_CARDS.find((c) => c.id === 'resident-long-term')!;
const SERVICE = seedServices().find((s) => s.service.code === 'YB-CB')!.service.name;

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];

const button = (name: string) => page.getByRole('button', { name, exact: true });
const letters = () => page.getByTestId('field-household_head_name-kb-pinyin-letters');
const display = () => page.getByTestId('field-household_head_name-kb-display');

async function spell(word: string): Promise<void> {
  for (const l of word) await button(l).click();
}

describe('pinyin input at the kiosk (real terminal, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    buildRenderer();
    terminal = await startTerminal();
    ({ browser, page, errors } = await launchKioskPage());
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
  });

  it('types 张三 into 户主姓名 by pinyin and saves it', async () => {
    await button(zhCN.demo.open).click();
    await button(card.label).click();
    await page.getByText(zhCN.services.title).waitFor();
    await page.getByRole('button', { name: new RegExp(`^${SERVICE}`) }).click();

    await page.getByText(zhCN.form.prompt('联系电话')).waitFor();
    for (const d of '13800138000') await button(d).click();
    await button(zhCN.common.next).click();
    await page.getByText(zhCN.form.prompt('参保年度')).waitFor();
    for (const d of '2027') await button(d).click();
    await button(zhCN.common.next).click();
    await button('普通居民').click();
    await button(zhCN.common.next).click();

    await page.getByText(zhCN.form.prompt('户主姓名')).waitFor();
    await button(zhCN.pinyin.enter).click();
    await page.getByText(zhCN.pinyin.hint).waitFor();

    // Letters that spell no syllable: said so, nothing offered; 删字母 corrects them.
    await spell('vvv');
    await page.getByText(zhCN.pinyin.noMatch).waitFor();
    for (let i = 0; i < 3; i++) await button(zhCN.pinyin.deleteLetter).click();

    // Initials: zh offers the most common zh- characters first.
    await spell('zh');
    await expect(letters().textContent()).resolves.toContain('zh');
    for (const common of ['这', '中', '主']) await button(common).waitFor();
    await page.screenshot({ path: `${shots}pinyin-1-initials.png` });
    // Less common ones on the next page.
    await button(zhCN.pinyin.more).click();
    await button('制').waitFor();
    expect(await button('这').count()).toBe(0);

    // Full pinyin: zhang → 张 among the first candidates; a tap writes it into the field.
    await spell('ang');
    await button('张').click();
    await expect(display().textContent()).resolves.toBe('张');
    await expect(letters().textContent()).resolves.not.toContain('zhang');
    // Two syllables typed at once: the first is offered, then the next.
    await spell('sanx');
    await button('三').click();
    await expect(display().textContent()).resolves.toBe('张三');
    await expect(letters().textContent()).resolves.toContain('x');
    await button(zhCN.pinyin.deleteLetter).click();
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: `${shots}pinyin-2-typed.png` });
    await page.setViewportSize({ width: 1080, height: 1920 });
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: `${shots}pinyin-2-typed-portrait.png` });
    await page.setViewportSize({ width: 1920, height: 1080 });

    // Back to the common characters: the same field, both inputs together.
    await button(zhCN.pinyin.leave).click();
    await button('村').click();
    await expect(display().textContent()).resolves.toBe('张三村');
    await button(zhCN.common.backspace).click();
    await button(zhCN.common.next).click();

    await page.getByText(zhCN.review.title).waitFor();
    await expect(page.getByTestId('review-household_head_name').textContent()).resolves.toContain('张三');
    await button(zhCN.review.submit).click();
    await page.getByText(zhCN.done.title).waitFor({ timeout: 30_000 });
    await button(zhCN.common.home).first().click();
    expect(errors).toEqual([]);
  });
});
