import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { PlatformAdminClient } from '../../sync/platform/admin-client';
import { saveApplication } from './helpers/apply';
import { launchKioskPage, smallTargets } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { screenshotDir } from './helpers/screenshots';
import { connectFromNode } from './helpers/ws-client';

/**
 * 好差评, 我的办件 and the progress push on the real terminal (`npm start`, its in-process reference
 * platform) in Debian's Chromium, driven by the visible Chinese labels. Screenshots of every new
 * screen at 1920×1080 and 1080×1920 go to artifacts/screenshots/ (docs/img/ with DOCS_SCREENSHOTS=1).
 */
const img = screenshotDir();
const SERVICE = 'YL-RZ';
const SERVICE_NAME = '城乡居民养老保险待遇资格认证';
const cardA = SAMPLE_CARDS[0]!;
const cardB = SAMPLE_CARDS[1]!;

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let host: { api: KioskApi; close(): void };
let admin: PlatformAdminClient;
let deviceId: string;
/** Card A's applications saved from Node, oldest first; card B's one. */
const numbersA: string[] = [];
let numberB: string;
/** The one saved on screen (card A). */
let onScreenNumber: string;

const button = (name: string) => page.getByRole('button', { name, exact: true });
const settle = () => new Promise((r) => setTimeout(r, 1_500));

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: `${img}villager-${name}-1920x1080.png` });
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${img}villager-${name}-1080x1920.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
}

async function spoken(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
}

/** The simulated reader polls: a card change is seen within about a second. */
async function placeCard(id: string): Promise<void> {
  // From the home screen, so that the service list seen next is this card's.
  if ((await button(zhCN.common.home).count()) > 0) await goHome();
  await host.api.invoke('demo.removeCard', {});
  await settle();
  await host.api.invoke('demo.placeCard', { id });
  await page.getByText(zhCN.services.title, { exact: true }).waitFor();
}

async function goHome(): Promise<void> {
  await button(zhCN.common.home).first().click();
  await page.getByText(zhCN.home.swipeCard, { exact: true }).waitFor();
}

async function syncNow(): Promise<void> {
  const r = await host.api.invoke('tech.syncNow', {});
  if (!r.ok || !r.value.ok) throw new Error(`sync failed: ${JSON.stringify(r)}`);
}

/** Opens one of the card holder's applications from 我的办件 (the card must be on the reader). */
async function openFromMyApplications(localNumber: string): Promise<void> {
  await button(zhCN.myApplications.open).click();
  await page.getByText(/您在本站办过\d+件业务/).waitFor();
  for (;;) {
    const row = page.getByRole('button').filter({ hasText: localNumber });
    if ((await row.count()) > 0) {
      await row.click();
      break;
    }
    await button(zhCN.myApplications.next).click();
  }
  await page.getByText(zhCN.progress.title, { exact: true }).waitFor();
}

describe('好差评, 我的办件 and the progress push (real terminal, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(img, { recursive: true });
    buildRenderer();
    terminal = await startTerminal({
      // What is said is read through speechSynthesis: with the host's espeak-ng switched off the
      // page falls back to it (voice.e2e.test.ts covers the host's own voice).
      CUNZHAN_ESPEAK_NG: '/nonexistent/espeak-ng',
    });
    const listening = terminal.logs
      .map((l) => {
        try {
          return JSON.parse(l) as { event?: string; platform?: { url: string; adminToken: string } | null };
        } catch {
          return {};
        }
      })
      .find((m) => m.event === 'listening');
    if (!listening?.platform) throw new Error('the demo terminal runs without its platform');
    admin = new PlatformAdminClient(listening.platform.url, listening.platform.adminToken);
    deviceId = (await admin.listDevices())[0]!.device_id;
    host = await connectFromNode(terminal.url);
    expect((await host.api.invoke('tech.unlock', { pin: '000000' })).ok).toBe(true);
    for (let i = 0; i < 4; i++) {
      numbersA.push((await saveApplication(host.api, cardA.id, SERVICE)).localNumber);
      await settle();
    }
    numberB = (await saveApplication(host.api, cardB.id, SERVICE)).localNumber;
    await settle();
    ({ browser, page, errors } = await launchKioskPage());
    await page.addInitScript(() => {
      const w = window as unknown as { __spoken: string[] };
      w.__spoken = [];
      const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        w.__spoken.push(u.text);
        speak(u);
      };
    });
    await page.goto(terminal.url);
    await page.getByText(zhCN.home.swipeCard, { exact: true }).waitFor();
  }, 180_000);

  afterAll(async () => {
    host?.close();
    await browser?.close();
    await terminal?.stop();
  });

  it('offers five faces after an application, read aloud; 非常满意 is one tap', async () => {
    await placeCard(cardA.id);
    await page.getByText(SERVICE_NAME, { exact: true }).click();
    for (const ch of '13800138000') await page.getByTestId(`field-phone-keypad-key-${ch}`).click();
    await button(zhCN.common.next).click();
    await button('在本村居住').click();
    await button(zhCN.common.next).click();
    await button(zhCN.form.yes).click();
    await button(zhCN.common.next).click();
    await button(zhCN.review.submit).click();
    await page.getByText(zhCN.done.title, { exact: true }).waitFor({ timeout: 30_000 });
    onScreenNumber = ((await page.getByTestId('done-number').textContent()) ?? '').trim();
    await page.getByText(zhCN.rating.question, { exact: true }).waitFor();
    for (const level of [5, 4, 3, 2, 1]) await button(zhCN.rating.levels[level]!).waitFor();
    expect(await smallTargets(page)).toEqual([]);
    expect((await spoken()).at(-1)).toContain(zhCN.rating.invite);
    await shoot('rating-done');
    await button(zhCN.rating.levels[5]!).click();
    await page.getByText(zhCN.rating.thanks('非常满意')).waitFor();
    expect(await button(zhCN.rating.levels[4]!).count()).toBe(0);
    expect((await spoken()).at(-1)).toBe(zhCN.rating.thanks('非常满意'));
    await shoot('rating-thanks');
    await goHome();
  });

  it("我的办件 shows only the card holder's applications, newest first, a page at a time", async () => {
    await placeCard(cardA.id);
    await button(zhCN.myApplications.open).click();
    await page.getByText(zhCN.myApplications.count(5)).waitFor();
    const firstPage = (await page.getByTestId('screen-my-applications').textContent()) ?? '';
    expect(firstPage).toContain(onScreenNumber);
    expect(firstPage.indexOf(onScreenNumber)).toBeLessThan(firstPage.indexOf(numbersA[3]!));
    expect(firstPage).toContain(zhCN.myApplications.rated);
    expect(firstPage).not.toContain(numberB);
    expect(firstPage).not.toContain(cardA.card.name);
    expect(await smallTargets(page)).toEqual([]);
    await shoot('my-applications');
    await button(zhCN.myApplications.next).click();
    await page.getByText(zhCN.myApplications.page(2, 2)).waitFor();
    const secondPage = (await page.getByTestId('screen-my-applications').textContent()) ?? '';
    expect(secondPage).toContain(numbersA[0]!);
    expect(secondPage).not.toContain(numberB);
    await button(zhCN.myApplications.back).click();
    await page.getByText(zhCN.services.title, { exact: true }).waitFor();

    await placeCard(cardB.id);
    await button(zhCN.myApplications.open).click();
    await page.getByText(zhCN.myApplications.count(1)).waitFor();
    const theirs = (await page.getByTestId('screen-my-applications').textContent()) ?? '';
    expect(theirs).toContain(numberB);
    for (const n of [...numbersA, onScreenNumber]) expect(theirs).not.toContain(n);
    await goHome();
  });

  it('rates from the progress screen at every other level; a low one asks a reason from the list', async () => {
    await placeCard(cardA.id);
    const plan: { number: string; level: number; reasons: string[] }[] = [
      { number: numbersA[0]!, level: 4, reasons: [] },
      { number: numbersA[1]!, level: 3, reasons: [] },
      { number: numbersA[2]!, level: 2, reasons: ['办理时间太长'] },
      { number: numbersA[3]!, level: 1, reasons: ['需要多次跑', '其他'] },
    ];
    for (const step of plan) {
      await openFromMyApplications(step.number);
      const label = zhCN.rating.levels[step.level]!;
      await button(label).click();
      if (step.reasons.length > 0) {
        await page.getByText(zhCN.rating.reasonsTitle, { exact: true }).waitFor();
        // Nothing chosen yet: 提交评价 waits for a reason.
        expect(await button(zhCN.rating.submit).isDisabled()).toBe(true);
        expect((await spoken()).at(-1)).toContain('办理时间太长');
        for (const r of step.reasons) await button(r).click();
        if (step.level === 2) {
          expect(await smallTargets(page)).toEqual([]);
          await shoot('rating-reasons');
        }
        await button(zhCN.rating.submit).click();
      }
      await page.getByText(zhCN.rating.thanks(label)).waitFor();
      await button(zhCN.common.home).first().click();
      await page.getByText(zhCN.home.swipeCard, { exact: true }).waitFor();
      await placeCard(cardA.id);
    }
    await goHome();
  });

  it('skipping is one tap and saves nothing', async () => {
    await placeCard(cardB.id);
    await openFromMyApplications(numberB);
    await button(zhCN.rating.levels[1]!).click();
    await button(zhCN.rating.skip).click();
    await page.getByText(zhCN.progress.title, { exact: true }).waitFor();
    expect(await button(zhCN.rating.levels[1]!).count()).toBe(1);
    await goHome();
  });

  it('a second try shows the first rating', async () => {
    await placeCard(cardA.id);
    await openFromMyApplications(numbersA[2]!);
    await page.getByText(zhCN.rating.already('不满意')).waitFor();
    expect(await button(zhCN.rating.levels[5]!).count()).toBe(0);
    await shoot('rating-already');
    await goHome();
  });

  it('the platform receives exactly one evaluation per application, with the right shape, and refuses a second', async () => {
    await syncNow();
    const got = await admin.listEvaluations(deviceId);
    expect(got).toHaveLength(5);
    expect(got.map((e) => e.level).sort()).toEqual([1, 2, 3, 4, 5]);
    for (const e of got) {
      expect(e.channel).toBe('self');
      expect(e.server_ref).toMatch(/^PJ/);
      expect(e.reasons.length > 0).toBe(e.level <= 2);
    }
    expect(got.find((e) => e.level === 1)!.reasons.sort()).toEqual(['other', 'repeat_trips']);
    expect(got.find((e) => e.level === 2)!.reasons).toEqual(['slow']);
    expect(new Set(got.map((e) => e.depends_on)).size).toBe(5);

    // A terminal that lost its local record (restored from an old backup) rates the same application
    // again: the platform refuses the second evaluation and keeps the first.
    const db = new Database(`${terminal.dataDir}/cunzhan.db`, { fileMustExist: true, timeout: 5_000 });
    try {
      db.prepare(
        'DELETE FROM evaluations WHERE rated_tx_id = (SELECT tx_id FROM transactions WHERE local_number = ?)',
      ).run(numbersA[1]);
    } finally {
      db.close();
    }
    await placeCard(cardA.id);
    await openFromMyApplications(numbersA[1]!);
    await button(zhCN.rating.levels[5]!).click();
    await page.getByText(zhCN.rating.thanks('非常满意')).waitFor();
    await goHome();
    await syncNow();
    const outcomes = await admin.listOutcomes(deviceId);
    expect(outcomes.filter((o) => o.code === 'already_evaluated')).toHaveLength(1);
    const after = await admin.listEvaluations(deviceId);
    expect(after).toHaveLength(5);
    expect(after.find((e) => e.level === 3)).toBeDefined();
  });

  it("says so when the platform moves an application on while its owner's card is on the reader", async () => {
    const rated = (await admin.listTransactions({ device_id: deviceId })).filter((t) => t.kind === 'application');
    await placeCard(cardA.id);
    const progress = await host.api.invoke('tx.progress', { localNumber: numbersA[0]! });
    if (!progress.ok || !progress.value.platformNumber) throw new Error('not on the platform yet');
    expect(rated.some((t) => t.server_ref === progress.value.platformNumber)).toBe(true);
    await admin.setTransactionStatus(progress.value.platformNumber, 'completed', '已办结，请到村委会领取补贴卡');
    await syncNow();
    const line = zhCN.progressPushed.title(SERVICE_NAME, zhCN.progress.status.completed);
    await page.getByText(line).waitFor({ timeout: 20_000 });
    expect((await spoken()).at(-1)).toBe(line);
    await shoot('progress-pushed');
    await button(zhCN.progressPushed.view).click();
    await page.getByText(zhCN.progress.title, { exact: true }).waitFor();
    await page.getByText('已办结，请到村委会领取补贴卡').waitFor();
    await expect(page.getByTestId('progress-status').textContent()).resolves.toBe(zhCN.progress.status.completed);
    await shoot('progress-pushed-page');

    // The receipt's QR leads to the same page.
    await goHome();
    await host.api.invoke('demo.scan', { text: `CZR1:${numbersA[0]!}` });
    await page.getByText('已办结，请到村委会领取补贴卡').waitFor();
    await expect(page.getByTestId('progress-status').textContent()).resolves.toBe(zhCN.progress.status.completed);
    await goHome();
  });

  it("stays quiet about someone else's application", async () => {
    await placeCard(cardB.id);
    await admin.setTransactionStatus(
      ((await host.api.invoke('tx.progress', { localNumber: numbersA[1]! })) as { value: { platformNumber: string } })
        .value.platformNumber,
      'needs_more',
      '请补交户口本复印件',
    );
    await syncNow();
    await page.waitForTimeout(1_000);
    expect(await page.getByTestId('progress-pushed').count()).toBe(0);
    await goHome();
    expect(errors).toEqual([]);
  });
});
