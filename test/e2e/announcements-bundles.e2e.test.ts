import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormFieldView } from '../../main/contract/views';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { NOTICE_CHARS_PER_PAGE } from '../../renderer/villager/notice-board';
import { textPages } from '../../rules/announcements';
import { PlatformAdminClient } from '../../sync/platform';
import { launchKioskPage } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';
import { screenshotDir } from './helpers/screenshots';

/**
 * 政务公开 and 一件事一次办 on the real terminal (demo, with the reference platform beside it) in
 * Chromium, driven by the Chinese labels on screen: notices published and withdrawn through the
 * platform's admin API reach the screen on the next sync and leave it at expiry; an urgent one puts
 * a banner on the home screen; a bundle's combined form refuses wrong values, saves one application
 * per member and prints one receipt. Screenshots of the new screens go to artifacts/screenshots/ (docs/img/ with DOCS_SCREENSHOTS=1) (both panel
 * orientations).
 */
const img = screenshotDir();
const ELDERLY = { code: 'YJS-LNGA', name: '老年人关爱一件事' };
const MEMBERS = ['高龄津贴申请', '城乡居民养老保险待遇资格认证', '城乡居民医保参保登记'];
const BANK_ACCOUNT = '6217002870012345678';

let dir: string;
let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let host: Awaited<ReturnType<typeof connectFromNode>>;
let admin: PlatformAdminClient;

const button = (name: string) => page.getByRole('button', { name, exact: true });
const heading = () => page.getByRole('heading', { level: 1 }).innerText();

/** Both kiosk panels: landscape 1920×1080 and portrait 1080×1920. */
async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: `${img}${name}-1920x1080.png` });
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${img}${name}-1080x1920.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
}

function platformFrom(logs: readonly string[]): { url: string; adminToken: string } {
  for (const line of logs) {
    try {
      const msg = JSON.parse(line) as { event?: string; platform?: { url: string; adminToken: string } | null };
      if (msg.event === 'listening' && msg.platform) return msg.platform;
    } catch {
      // not our JSON line
    }
  }
  throw new Error('the demo terminal reported no reference platform');
}

async function goHome(): Promise<void> {
  if ((await page.getByTestId('screen-home').count()) === 0) await button(zhCN.common.home).first().click();
  await page.getByTestId('screen-home').waitFor();
}

/** Keys pressed for one answer (keypad or on-screen keyboard) or option buttons picked. */
function rightAnswer(f: FormFieldView): { keys?: string; picks?: string[] } {
  switch (f.type) {
    case 'phone':
      return { keys: '13800138000' };
    case 'digits':
      return { keys: f.id === 'bank_account' ? BANK_ACCOUNT : '12345678' };
    case 'number':
      return { keys: String(Math.min((f.min ?? 0) + 2, f.max ?? 99)) };
    case 'select':
      return { picks: [f.options!.at(-1)!.label] };
    case 'multiselect':
      return { picks: [f.options![0]!.label] };
    case 'checkbox':
      return { picks: [zhCN.form.yes] };
    default:
      return { keys: '孙小东' };
  }
}

async function enter(a: { keys?: string; picks?: string[] }): Promise<void> {
  for (const ch of a.keys ?? []) {
    if ((await button(ch).count()) === 0) {
      const other = (await button(zhCN.form.latinKeys).count()) > 0 ? zhCN.form.latinKeys : zhCN.form.hanKeys;
      await button(other).click();
    }
    await button(ch).click();
  }
  for (const label of a.picks ?? []) await button(label).click();
}

describe('政务公开 and 一件事一次办 (real terminal, reference platform, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(img, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-notices-e2e-'));
    // Look for platform changes every second, so "the next sync" comes quickly in the test.
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ sync: { engine: { idlePollMs: 1000 } } }));
    buildRenderer();
    terminal = await startTerminal({ CUNZHAN_CONFIG: config, CUNZHAN_IDLE_TIMEOUT_SEC: '600' });
    const platform = platformFrom(terminal.logs);
    admin = new PlatformAdminClient(platform.url, platform.adminToken);
    host = await connectFromNode(terminal.url);
    ({ browser, page, errors } = await launchKioskPage());
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
  });

  afterAll(async () => {
    host?.close();
    await browser?.close();
    await terminal?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a notice published on the platform appears after the next sync, paged, and opens in large type', async () => {
    await button(zhCN.notices.homeButton).click();
    await page.getByText(zhCN.notices.empty).waitFor();
    await goHome();
    const notices = [
      ['n-water', '停水通知', '因主管道维修，12月8日上午9点到12点全村停水，请提前储水。', '生活服务'],
      ['n-vaccine', '老年人免费体检通知', '65岁以上老人12月10日到村卫生室免费体检，请带身份证。', '医疗卫生'],
      [
        'n-subsidy',
        '耕地地力保护补贴公示',
        '2026年耕地地力保护补贴名单在村务公开栏公示七天，有异议请向村委会反映。',
        '惠农补贴',
      ],
      ['n-meeting', '村民代表大会通知', '12月12日下午2点在村委会召开村民代表大会，请各组代表准时参加。', '村务公开'],
      [
        'n-insurance',
        '2027年度城乡居民医保开始缴费',
        '2027年度城乡居民基本医疗保险个人缴费标准为每人每年400元。'.repeat(2) +
          '缴费时间为2026年9月1日至12月31日，可在村便民服务站、银行网点或手机上缴纳。'.repeat(3) +
          '特困人员、低保对象、返贫致贫人口由政府按规定给予资助，请带好身份证到村便民服务站核对。'.repeat(2),
        '医疗保障',
      ],
    ] as const;
    for (const [id, title, body, category] of notices) await admin.publishAnnouncement({ id, title, body, category });

    await button(zhCN.notices.homeButton).click();
    await expect.poll(heading).toBe(zhCN.notices.title);
    // Newest first; four titles a page; the fifth on page 2.
    await page.getByText('2027年度城乡居民医保开始缴费').waitFor({ timeout: 15_000 });
    await page.getByText(zhCN.notices.pageOf(1, 2)).waitFor();
    expect(await button(zhCN.notices.previous).isDisabled()).toBe(true);
    await shoot('notices-list');
    await button(zhCN.notices.next).click();
    await page.getByText(zhCN.notices.pageOf(2, 2)).waitFor();
    expect(await button(zhCN.notices.next).isDisabled()).toBe(true);
    await button(zhCN.notices.previous).click();

    await page.getByRole('button', { name: /^2027年度城乡居民医保开始缴费/ }).click();
    await page.getByTestId('screen-notice').waitFor();
    expect(await page.getByTestId('notice-body').innerText()).toContain('400元');
    // A long text is paged, never scrolled.
    const pages = textPages(notices[4][2], NOTICE_CHARS_PER_PAGE).length;
    expect(pages).toBeGreaterThan(1);
    await page.getByText(zhCN.notices.pageOf(1, pages)).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await button(zhCN.notices.readAloud).click();
    await shoot('notice-detail');
    await button(zhCN.notices.next).click();
    await page.getByText(zhCN.notices.pageOf(2, pages)).waitFor();
    expect(await page.getByTestId('notice-body').innerText()).not.toContain('400元');
    await button(zhCN.notices.backToList).click();
    await expect.poll(heading).toBe(zhCN.notices.title);
  });

  it('a withdrawn notice leaves the list on the next sync', async () => {
    await page.getByText('村民代表大会通知').waitFor();
    await admin.withdrawAnnouncement('n-meeting');
    await page.getByText('村民代表大会通知').waitFor({ state: 'detached', timeout: 15_000 });
    await goHome();
  });

  it('an urgent notice shows a banner on the home screen, which opens it', async () => {
    expect(await page.getByTestId('home-urgent').count()).toBe(0);
    await admin.publishAnnouncement({
      id: 'n-flood',
      title: '防汛紧急通知',
      body: '今晚到明天有大到暴雨，河边和低洼地带的住户请在今晚8点前转移到村委会。',
      category: '防汛',
      priority: 'important',
    });
    const banner = page.getByRole('button', { name: /防汛紧急通知/ });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.innerText()).toContain(zhCN.notices.urgentLabel);
    // The banner does not push the home screen's own buttons off the panel.
    const fits = async () => {
      const box = (await button(zhCN.notices.homeButton).boundingBox())!;
      return box.y + box.height <= page.viewportSize()!.height;
    };
    expect(await fits()).toBe(true);
    await page.setViewportSize({ width: 1080, height: 1920 });
    expect(await fits()).toBe(true);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shoot('home-urgent-banner');
    await banner.click();
    await page.getByText('今晚到明天有大到暴雨', { exact: false }).waitFor();
    await goHome();
  });

  it('a notice disappears at its expiry (platform time), without waiting for another sync', async () => {
    const expires = new Date(Date.now() + 8_000).toISOString();
    await admin.publishAnnouncement({
      id: 'n-short',
      title: '今天下午发放慰问品',
      body: '下午4点前到村委会领取。',
      expires_at: expires,
    });
    await button(zhCN.notices.homeButton).click();
    await page.getByText('今天下午发放慰问品').waitFor({ timeout: 15_000 });
    await page.getByText('今天下午发放慰问品').waitFor({ state: 'detached', timeout: 20_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expires));
    // Urgent first, then the newest: the list carries on without the expired one.
    await page.getByRole('button', { name: /^防汛紧急通知/ }).waitFor();
    await goHome();
    expect(errors).toEqual([]);
  });

  it('a bundle: one combined form refuses wrong values, saves N linked applications and prints one receipt', async () => {
    expect(await host.api.invoke('demo.placeCard', { id: 'resident-long-term' })).toEqual({
      ok: true,
      value: { placed: true },
    });
    await expect.poll(heading, { timeout: 15_000 }).toBe(zhCN.services.title);
    await page.getByText(zhCN.bundles.includes(MEMBERS)).waitFor();
    await shoot('bundles-services');
    await page.getByRole('button', { name: new RegExp(`^${ELDERLY.name}`) }).click();
    await page.getByTestId('screen-form').waitFor();

    const form = await host.api.invoke('catalog.bundleForm', { bundleCode: ELDERLY.code });
    if (!form.ok) throw new Error(form.error.code);
    const asked = form.value.fields.filter((f) => f.prefilledDisplay === undefined);
    // Each field once: phone is needed by all three services and asked a single time.
    expect(asked.filter((f) => f.id === 'phone')).toHaveLength(1);
    let shot = false;
    for (const f of asked) {
      await expect.poll(() => page.getByTestId('form-label').innerText()).toContain(f.label);
      expect(await page.getByTestId('form-step').innerText()).toContain(ELDERLY.name);
      const wrong = f.id === 'phone' ? '12800138000' : f.id === 'insured_year' ? '2101' : null;
      if (wrong) {
        await enter({ keys: wrong });
        await button(zhCN.common.next).click();
        const alert = await page.getByRole('alert').innerText();
        expect(alert).toContain(f.id === 'phone' ? '手机号码' : '不能大于2100');
        expect(await page.getByTestId('form-label').innerText()).toContain(f.label);
        if (!shot) await shoot('bundle-form-wrong');
        shot = true;
        await button(zhCN.common.clear).click();
      }
      await enter(rightAnswer(f));
      await button(zhCN.common.next).click();
    }
    await expect.poll(heading).toBe(zhCN.review.title);
    await button(zhCN.review.submit).click();
    await expect.poll(heading, { timeout: 30_000 }).toBe(zhCN.bundles.doneTitle(3));
    const done = await page.getByTestId('done-members').innerText();
    const numbers = [...done.matchAll(/\d{4}-\d{4}-\d{4}/g)].map((m) => m[0]);
    expect(numbers).toHaveLength(3);
    for (const name of MEMBERS) expect(done).toContain(name);
    await shoot('bundle-done');
    // One rating for the life event: the done screen says it counts for every member.
    await page.getByText(zhCN.bundles.ratingForAll).waitFor();
    await button(zhCN.rating.levels[4]!).click();
    await page.getByText(zhCN.rating.thanks(zhCN.rating.levels[4]!)).waitFor();

    // Three rows in the terminal's SQLite, linked by one bundle id, in receipt order.
    const db = new Database(join(terminal.dataDir, 'cunzhan.db'), { readonly: true, fileMustExist: true });
    let rows: { tx_id: string; service_name: string; local_number: string; bundle_id: string }[];
    try {
      rows = db
        .prepare(
          'SELECT tx_id, service_name, local_number, bundle_id FROM transactions WHERE bundle_code = ? ORDER BY rowid',
        )
        .all(ELDERLY.code) as typeof rows;
    } finally {
      db.close();
    }
    expect(rows.map((r) => r.service_name)).toEqual(MEMBERS);
    expect(rows.map((r) => r.local_number)).toEqual(numbers);
    expect(new Set(rows.map((r) => r.bundle_id)).size).toBe(1);

    // One receipt: a real PNG listing every member with its own number.
    const receipt = await host.api.invoke('demo.lastReceipt', {});
    if (!receipt.ok || !receipt.value) throw new Error('no receipt');
    const png = Buffer.from(receipt.value.pngBase64 ?? '', 'base64');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(20)).toBeGreaterThan(200); // height: one long receipt
    for (const [i, r] of rows.entries()) {
      expect(receipt.value.transcript).toContain(`${i + 1}. ${r.service_name}\n   编号 ${r.local_number}`);
    }
    expect(receipt.value.transcript).toContain(ELDERLY.name);

    // The platform received and applied each member on its own, with the bundle in its payload.
    for (const r of rows) {
      await expect
        .poll(async () => (await admin.listTransactions({ tx_id: r.tx_id })).length, { timeout: 20_000 })
        .toBe(1);
    }
    // …and the platform holds one 满意 evaluation per member, each depending on its member.
    const [first] = await admin.listTransactions({ tx_id: rows[0]!.tx_id });
    const rated = async () =>
      (await admin.listEvaluations(first!.device_id))
        .filter((e) => rows.some((r) => r.tx_id === e.depends_on) && e.level === 4)
        .map((e) => e.depends_on)
        .sort();
    await expect.poll(rated, { timeout: 20_000 }).toEqual(rows.map((r) => r.tx_id).sort());
    await host.api.invoke('demo.removeCard', {});
    await goHome();
    expect(errors).toEqual([]);
  });
});
