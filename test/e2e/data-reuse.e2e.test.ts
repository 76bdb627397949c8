import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchKioskPage, smallTargets } from './helpers/browser';
import { seedServices } from './helpers/catalog';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * 数据最多采一次 on the real terminal in Chromium, driven by visible Chinese labels: the phone and
 * bank account a villager gave on an earlier application are offered (masked) on the next form
 * to the same card only, used with one tap, and gone after 删除我在本机留下的信息.
 * Screenshots: artifacts/e2e/data-reuse-*.png.
 */
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;
const owner = SAMPLE_CARDS.find((c) => c.id === 'resident-long-term')!;
const other = SAMPLE_CARDS.find((c) => c.id === 'resident-twenty-years')!;
const PHONE = '13912345678';
const BANK = '6217002870012345678';
const serviceName = (code: string) => seedServices().find((s) => s.service.code === code)!.service.name;
const NEXT_SERVICE = serviceName('GL-JT');

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];

const button = (name: string) => page.getByRole('button', { name, exact: true });
const bodyText = async () => (await page.locator('body').textContent()) ?? '';

async function placeCard(label: string): Promise<void> {
  // The villager before took their card away: the simulated reader polls, so give it a moment.
  await button(zhCN.demo.open).click();
  await button(zhCN.demo.removeCard).click();
  await page.waitForTimeout(1_000);
  await button(label).click();
  await page.getByText(zhCN.services.title).waitFor();
}

async function openService(name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.getByTestId('screen-form').waitFor();
}

async function goHome(): Promise<void> {
  await button(zhCN.common.home).first().click();
  await page.getByTestId('screen-home').waitFor();
}

describe('数据最多采一次 at the kiosk (real terminal, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    buildRenderer();
    terminal = await startTerminal();
    // The earlier application: 残疾人两项补贴 with a phone and a bank account, saved as the screen would.
    const host = await connectFromNode(terminal.url);
    try {
      await host.api.invoke('demo.placeCard', { id: owner.id });
      for (let i = 0; i < 100; i++) {
        const s = await host.api.invoke('session.current', {});
        if (s.ok && s.value) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const saved = await host.api.invoke('tx.submit', {
        serviceCode: 'CJ-BT',
        values: {
          phone: PHONE,
          bank_account: BANK,
          disability_cert_no: '43012119480315001711',
          disability_grade: '2',
          subsidy_types: ['living'],
        },
        requestId: crypto.randomUUID(),
      });
      if (!saved.ok) throw new Error(`tx.submit: ${saved.error.code}`);
      await host.api.invoke('demo.removeCard', {});
      await host.api.invoke('session.end', {});
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

  it('offers the earlier phone, masked, to the same card; one tap uses it', async () => {
    await placeCard(owner.label);
    await openService(NEXT_SERVICE);
    await page.getByText(zhCN.reuse.earlier).waitFor();
    expect(await bodyText()).toContain('139****5678');
    expect(await bodyText()).not.toContain(PHONE);
    expect(await smallTargets(page)).toEqual([]);
    // The offer fits beside the card's fields: 跳过/下一步 stays on the screen without scrolling.
    const nav = await button(zhCN.common.skip).boundingBox();
    expect(nav!.y + nav!.height).toBeLessThanOrEqual(1080);
    await page.screenshot({ path: `${shots}data-reuse-1-offer.png` });
    // Portrait kiosks: the offer and both buttons stay on screen, large.
    await page.setViewportSize({ width: 1080, height: 1920 });
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: `${shots}data-reuse-1-offer-portrait.png` });
    await page.setViewportSize({ width: 1920, height: 1080 });

    await button(zhCN.reuse.use).click();
    // One tap: on to the bank account, offered the same way.
    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('bank_account');
    expect(await bodyText()).toContain('6217***********5678');
    // 重新填写 gives the keypad instead; a wrong (short) account is caught on the step.
    await button(zhCN.reuse.retype).click();
    for (const d of '12345') await button(d).click();
    await button(zhCN.common.next).click();
    await page.getByRole('alert').waitFor();
    await button(zhCN.common.clear).click();
    for (const d of '6228480012345678901') await button(d).click();
    await button(zhCN.common.next).click();

    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('age_band');
    await button('80–89 周岁').click();
    await button(zhCN.common.next).click();

    await page.getByText(zhCN.review.title).waitFor();
    expect(await bodyText()).toContain(zhCN.reuse.reviewed('139****5678'));
    expect(await bodyText()).toContain('6228***********8901');
    await page.screenshot({ path: `${shots}data-reuse-2-review.png` });
    await button(zhCN.review.submit).click();
    await page.getByText(zhCN.done.title).waitFor({ timeout: 30_000 });
    await goHome();
  });

  it('offers nothing to another card', async () => {
    await placeCard(other.label);
    await openService(NEXT_SERVICE);
    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('phone');
    expect(await button(zhCN.reuse.use).count()).toBe(0);
    const text = await bodyText();
    expect(text).not.toContain(zhCN.reuse.earlier);
    expect(text).not.toContain('139****5678');
    expect(text).not.toContain('6217***********5678');
    await page.screenshot({ path: `${shots}data-reuse-3-other-card.png` });
    await goHome();
  });

  it('删除我在本机留下的信息 erases them: the next form asks again', async () => {
    await placeCard(owner.label);
    await openService(NEXT_SERVICE);
    await page.getByText(zhCN.reuse.earlier).waitFor();
    await button(zhCN.common.back).click();
    await page.getByText(zhCN.services.title).waitFor();
    await button(zhCN.reuse.forget).click();
    await page.getByText(zhCN.reuse.forgotten).waitFor();
    await page.screenshot({ path: `${shots}data-reuse-4-forgotten.png` });
    await openService(NEXT_SERVICE);
    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('phone');
    expect(await button(zhCN.reuse.use).count()).toBe(0);
    expect(await bodyText()).not.toContain('139****5678');
    await goHome();
    expect(errors).toEqual([]);
  });
});
