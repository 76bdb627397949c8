import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormFieldView } from '../../main/contract/views';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { strokesOf } from '../../scripts/handwriting/template-source';
import { PlatformAdminClient } from '../../sync/platform/admin-client';
import { saveApplication } from './helpers/apply';
import { focusWithoutRing, seriousAxeViolations, smallControls, smallText } from './helpers/a11y';
import { fakeCameraArgs, launchKioskPage } from './helpers/browser';
import { screenshotDir } from './helpers/screenshots';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * Every villager screen, checked with axe-core (0 serious, 0 critical: contrast AA included), and
 * measured in the page: text ≥ 28 px, controls ≥ 64 px, a visible focus ring on every control
 * reached with Tab. At the landscape (1920×1080) and portrait (1080×1920) kiosk panels, and with
 * the 大字/高对比 switch on. Screenshots: artifacts/screenshots/a11y-<pass>-<nn>-<screen>.png.
 *
 * Beside the terminal runs its reference platform (demo): notices published there (one urgent),
 * an application saved before the passes (for 我的办件 and the progress push: each pass the
 * platform adds a note to it), and the villager's own answers offered again (数据最多采一次) once
 * the bundle has saved them. Push-to-talk has no speech model here, so its button must be absent.
 *
 * The screens are one list of visits, each starting where the previous one left the page: a new
 * screen (e.g. announcements, rating) is one more line in VISITS.
 */
const IDLE_SEC = 15;
const shots = `${screenshotDir()}a11y-`;
const ELDERLY = '老年人关爱一件事';
const REUSE_SERVICE = '高龄津贴申请';

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let localNumber = '';
let dir: string;
let admin: PlatformAdminClient;
let host: Awaited<ReturnType<typeof connectFromNode>>;
/** Platform number of the application saved before the passes; the pass's note to push. */
let pushedRef = '';
let pushNote = '';

const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const heading = (name: string) => page.getByRole('heading', { name, level: 1 });

async function digits(text: string): Promise<void> {
  for (const ch of text.replace(/\D/g, '')) await button(ch).click();
}

/**
 * Places a sample card with the demo strip. The simulated reader polls: a card still lying there
 * from an earlier visit is taken away first, and the reader given time to notice.
 */
async function placeCard(which = 0): Promise<void> {
  await button('演示').click();
  await button('拿走卡').click();
  await page.waitForTimeout(1500);
  await page.getByTestId(`demo-card-${SAMPLE_CARDS[which]!.id}`).click();
  await heading('请选择要办理的事项').waitFor();
}

async function field(label: string): Promise<void> {
  await page.getByRole('heading', { name: label }).waitFor();
}

async function goHome(): Promise<void> {
  if ((await page.getByTestId('screen-home').count()) === 0) await button(zhCN.common.home).first().click();
  await heading('欢迎办理').waitFor();
}

async function syncNow(): Promise<void> {
  const r = await host.api.invoke('tech.syncNow', {});
  if (!r.ok || !r.value.ok) throw new Error(`sync failed: ${JSON.stringify(r)}`);
}

/** An earlier answer offered again (数据最多采一次): typed afresh here, as the visit expects. */
async function retypeIfOffered(): Promise<void> {
  if ((await button(zhCN.reuse.retype).count()) > 0) await button(zhCN.reuse.retype).click();
}

/** Keys for one answer of the bundle's combined form, on the keypad or the on-screen keyboard. */
async function answer(f: FormFieldView): Promise<void> {
  await retypeIfOffered();
  const keys =
    f.type === 'phone'
      ? '13800138000'
      : f.type === 'digits'
        ? f.id === 'bank_account'
          ? '6217002870012345678'
          : '12345678'
        : f.type === 'number'
          ? String(Math.min((f.min ?? 0) + 2, f.max ?? 99))
          : f.type === 'text' || f.type === 'textarea'
            ? '孙小东'
            : '';
  for (const ch of keys) {
    if ((await button(ch).count()) === 0) {
      const other = (await button(zhCN.form.latinKeys).count()) > 0 ? zhCN.form.latinKeys : zhCN.form.hanKeys;
      await button(other).click();
    }
    await button(ch).click();
  }
  if (f.type === 'select') await button(f.options!.at(-1)!.label).click();
  if (f.type === 'multiselect') await button(f.options![0]!.label).click();
  if (f.type === 'checkbox') await button(zhCN.form.yes).click();
}

/** Traces strokes (1024-unit box, y down) on the handwriting pad with the mouse. */
async function write(char: string): Promise<void> {
  const pad = page.getByRole('img', { name: zhCN.handwriting.pad });
  const box = (await pad.boundingBox())!;
  const at = (p: { x: number; y: number }) => ({
    x: box.x + box.width * (0.1 + (0.8 * p.x) / 1024),
    y: box.y + box.height * (0.1 + (0.8 * p.y) / 1024),
  });
  for (const stroke of strokesOf(char)) {
    const [first, ...rest] = stroke.map(at);
    await page.mouse.move(first!.x, first!.y);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 4 });
    await page.mouse.up();
  }
}

interface Visit {
  readonly name: string;
  /** From the screen the previous visit left, to this one. */
  readonly reach: () => Promise<void>;
  /** Tab moves count as activity: not on the idle banner, which they would dismiss. */
  readonly focus?: false;
}

const VISITS: readonly Visit[] = [
  {
    name: 'home-urgent',
    reach: async () => {
      await heading('欢迎办理').waitFor();
      await page.getByRole('button', { name: /防汛紧急通知/ }).waitFor({ timeout: 20_000 });
      // No speech model installed: push-to-talk is absent, nothing else changes.
      expect(await button(zhCN.voiceCommands.hold).count()).toBe(0);
    },
  },
  {
    name: 'notices',
    reach: async () => {
      await button(zhCN.notices.homeButton).click();
      await heading(zhCN.notices.title).waitFor();
      await page.getByText('老年人免费体检通知').waitFor({ timeout: 20_000 });
    },
  },
  {
    name: 'notice-detail',
    reach: async () => {
      await page.getByRole('button', { name: /^老年人免费体检通知/ }).click();
      await page.getByTestId('screen-notice').waitFor();
      await button(zhCN.notices.readAloud).waitFor();
    },
  },
  {
    name: 'services',
    reach: async () => {
      await goHome();
      await placeCard(0);
    },
  },
  {
    name: 'my-applications',
    reach: async () => {
      await button(zhCN.myApplications.open).click();
      await page.getByText(/您在本站办过\d+件业务/).waitFor();
    },
  },
  {
    name: 'progress-pushed',
    reach: async () => {
      await button(zhCN.myApplications.back).click();
      await heading('请选择要办理的事项').waitFor();
      await admin.setTransactionStatus(pushedRef, 'needs_more', pushNote);
      await syncNow();
      await page.getByTestId('progress-pushed').waitFor({ timeout: 20_000 });
    },
  },
  {
    name: 'form-phone-wrong',
    reach: async () => {
      await button(zhCN.progressPushed.dismiss).click();
      await button(/^城乡居民医保参保登记/).click();
      await field('联系电话');
      await retypeIfOffered();
      await digits('12800138000');
      await button('下一步').click();
      await page.getByRole('alert').waitFor();
    },
  },
  {
    name: 'form-phone',
    reach: async () => {
      await button('清空').click();
      await digits('13800138000');
    },
  },
  {
    name: 'form-number',
    reach: async () => {
      await button('下一步').click();
      await field('参保年度');
      await digits('2026');
    },
  },
  {
    name: 'form-select',
    reach: async () => {
      await button('下一步').click();
      await page.getByTestId('field-category-option-0').click();
    },
  },
  {
    name: 'form-text',
    reach: async () => {
      await button('下一步').click();
      await field('户主姓名');
    },
  },
  {
    name: 'form-text-pinyin',
    reach: async () => {
      await button(zhCN.pinyin.enter).click();
      await page.getByText(zhCN.pinyin.hint).waitFor();
      for (const l of 'zh') await button(l).click();
      await button('中').waitFor();
    },
  },
  {
    name: 'form-text-handwriting',
    reach: async () => {
      await button(zhCN.pinyin.leave).click();
      await button(zhCN.handwriting.mode).click();
      await page.getByText(zhCN.handwriting.hint).waitFor();
      await write('王');
      await button('王').waitFor();
    },
  },
  {
    name: 'review',
    reach: async () => {
      // 户主姓名 may be left empty (nothing picked from the pads): the button says 跳过.
      await button('跳过').click();
      await heading('请核对您的信息').waitFor();
    },
  },
  {
    name: 'done',
    reach: async () => {
      await button('确认提交').click();
      await heading('已保存，有网络时自动上报').waitFor({ timeout: 30_000 });
      localNumber = ((await page.getByTestId('done-number').textContent()) ?? '').trim();
      await button(zhCN.rating.levels[5]!).waitFor();
    },
  },
  {
    name: 'done-rating-reasons',
    reach: async () => {
      await button(zhCN.rating.levels[2]!).click();
      await page.getByText(zhCN.rating.reasonsTitle, { exact: true }).waitFor();
      await button('办理时间太长').click();
    },
  },
  {
    name: 'done-rating-thanks',
    reach: async () => {
      await button(zhCN.rating.submit).click();
      await page.getByText(zhCN.rating.thanks(zhCN.rating.levels[2]!)).waitFor();
    },
  },
  {
    name: 'progress-entry-wrong',
    reach: async () => {
      await page.getByRole('main').getByRole('button', { name: '回首页', exact: true }).click();
      await button('查询办理进度').click();
      // One digit changed: the check digit catches it, nothing is looked up.
      const wrong = localNumber.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
      await digits(wrong);
      await button('查询').click();
      await page.getByRole('alert').waitFor();
    },
  },
  {
    name: 'progress',
    reach: async () => {
      await button('清空').click();
      await digits(localNumber);
      await button('查询').click();
      await heading('办理进度').waitFor();
    },
  },
  {
    name: 'camera',
    reach: async () => {
      await page.getByRole('main').getByRole('button', { name: '回首页', exact: true }).click();
      await button('用摄像头扫码').click();
      await heading('用摄像头扫码').waitFor();
      await page.locator('[data-camera-active="true"]').waitFor();
    },
  },
  {
    name: 'form-textarea',
    reach: async () => {
      await button('返回').click();
      await placeCard(1);
      await button(/^农村最低生活保障申请/).click();
      await field('联系电话');
      await digits('13800138000');
      await button('下一步').click();
      await field('家庭共同生活人口数');
      await digits('3');
      await button('下一步').click();
      await field('家庭月总收入（元）');
      await digits('800');
      await button('下一步').click();
      await field('申请理由');
      for (const ch of '老弱病残') await button(ch).click();
    },
  },
  {
    name: 'form-multiselect',
    reach: async () => {
      await button('下一步').click();
      await button('大病').click();
      await button('无劳动能力').click();
    },
  },
  {
    name: 'form-yes-no',
    reach: async () => {
      await button('下一步').click();
      await button('是').click();
    },
  },
  {
    name: 'bundle-form-wrong',
    reach: async () => {
      await goHome();
      await placeCard(0);
      await page.getByRole('button', { name: new RegExp(`^${ELDERLY}`) }).click();
      await page.getByTestId('screen-form').waitFor();
      await expect.poll(() => page.getByTestId('form-step').innerText()).toContain(ELDERLY);
      await field('联系电话');
      await retypeIfOffered();
      await digits('12800138000');
      await button('下一步').click();
      await page.getByRole('alert').waitFor();
    },
  },
  {
    name: 'bundle-done',
    reach: async () => {
      await button(zhCN.common.clear).click();
      const form = await host.api.invoke('catalog.bundleForm', { bundleCode: 'YJS-LNGA' });
      if (!form.ok) throw new Error(form.error.code);
      for (const f of form.value.fields.filter((x) => x.prefilledDisplay === undefined)) {
        await expect.poll(() => page.getByTestId('form-label').innerText()).toContain(f.label);
        await answer(f);
        await button(zhCN.common.next).click();
      }
      await heading('请核对您的信息').waitFor();
      await button('确认提交').click();
      await heading(zhCN.bundles.doneTitle(3)).waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'reuse-offer',
    reach: async () => {
      await goHome();
      await placeCard(0);
      await page.getByRole('button', { name: new RegExp(`^${REUSE_SERVICE}`) }).click();
      await page.getByText(zhCN.reuse.earlier).waitFor();
      await button(zhCN.reuse.use).waitFor();
    },
  },
  {
    name: 'idle-countdown',
    reach: () => page.getByText('还在吗？').waitFor({ timeout: (IDLE_SEC + 10) * 1000 }),
    focus: false,
  },
];

interface Pass {
  readonly name: string;
  readonly viewport: { width: number; height: number };
  readonly largeContrast: boolean;
}

const PASSES: readonly Pass[] = [
  { name: 'landscape', viewport: { width: 1920, height: 1080 }, largeContrast: false },
  { name: 'portrait', viewport: { width: 1080, height: 1920 }, largeContrast: false },
  { name: 'landscape-large', viewport: { width: 1920, height: 1080 }, largeContrast: true },
  { name: 'portrait-large', viewport: { width: 1080, height: 1920 }, largeContrast: true },
];

async function switchOn(): Promise<void> {
  const sw = button('大字/高对比');
  if ((await sw.getAttribute('aria-pressed')) !== 'true') await sw.click();
  await page.locator('.kiosk.large-contrast').waitFor();
}

describe('accessibility of every villager screen (axe-core + measured in Chromium)', () => {
  beforeAll(async () => {
    buildRenderer();
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-a11y-e2e-'));
    // Look for platform changes every second, so notices arrive soon after they are published.
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ sync: { engine: { idlePollMs: 1000 } } }));
    terminal = await startTerminal({
      CUNZHAN_CONFIG: config,
      CUNZHAN_IDLE_TIMEOUT_SEC: String(IDLE_SEC),
      CUNZHAN_COUNTDOWN_SEC: '60',
    });
    const platform = terminal.logs
      .map((l) => {
        try {
          return JSON.parse(l) as { event?: string; platform?: { url: string; adminToken: string } | null };
        } catch {
          return {};
        }
      })
      .find((m) => m.event === 'listening')?.platform;
    if (!platform) throw new Error('the demo terminal runs without its platform');
    admin = new PlatformAdminClient(platform.url, platform.adminToken);
    host = await connectFromNode(terminal.url);
    expect((await host.api.invoke('tech.unlock', { pin: '000000' })).ok).toBe(true);
    const saved = await saveApplication(host.api, SAMPLE_CARDS[0]!.id, 'YL-RZ');
    await syncNow();
    const progress = await host.api.invoke('tx.progress', { localNumber: saved.localNumber });
    if (!progress.ok || !progress.value.platformNumber) throw new Error('the application did not reach the platform');
    pushedRef = progress.value.platformNumber;
    await admin.publishAnnouncement({
      id: 'n-checkup',
      title: '老年人免费体检通知',
      body: '65岁以上老人12月10日到村卫生室免费体检，请带身份证和医保卡。',
      category: '医疗卫生',
    });
    await admin.publishAnnouncement({
      id: 'n-flood',
      title: '防汛紧急通知',
      body: '今晚到明天有大到暴雨，河边和低洼地带的住户请在今晚8点前转移到村委会。',
      category: '防汛',
      priority: 'important',
    });
    ({ browser } = await launchKioskPage(fakeCameraArgs('/dev/null').slice(0, 2)));
    // axe-core's Playwright runner needs a page of a context made with newContext().
    const context = await browser.newContext({ viewport: PASSES[0]!.viewport, locale: 'zh-CN' });
    page = await context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
  });

  afterAll(async () => {
    host?.close();
    await browser?.close();
    await terminal?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(PASSES)(
    '$name: 0 serious/critical axe findings, text ≥ 28 px, controls ≥ 64 px, focus visible',
    async (pass) => {
      // Each pass starts at rest: no card on the reader, no session left by the pass before.
      await host.api.invoke('demo.removeCard', {});
      await host.api.invoke('session.end', {});
      pushNote = `请补交户口本复印件（${pass.name}）`;
      await page.setViewportSize(pass.viewport);
      await page.goto(terminal.url);
      const problems: string[] = [];
      let n = 0;
      for (const visit of VISITS) {
        await visit.reach().catch(async (e: unknown) => {
          await page.screenshot({ path: `${shots}${pass.name}-FAILED-${visit.name}.png` });
          throw e;
        });
        if (pass.largeContrast) await switchOn();
        await page.evaluate(() => document.fonts.ready);
        n += 1;
        await page.screenshot({ path: `${shots}${pass.name}-${String(n).padStart(2, '0')}-${visit.name}.png` });
        const at = `${pass.name}/${visit.name}`;
        for (const v of await seriousAxeViolations(page)) problems.push(`${at} axe ${v}`);
        for (const t of await smallText(page)) problems.push(`${at} text ${t}`);
        for (const c of await smallControls(page)) problems.push(`${at} target ${c}`);
        if (visit.focus !== false) {
          const f = await focusWithoutRing(page);
          if (f.visited === 0) problems.push(`${at} focus: Tab reached no control`);
          for (const id of f.missing) problems.push(`${at} focus ring missing on ${id}`);
        }
      }
      expect(problems).toEqual([]);
      // The measurements see the page: with a bound no screen meets, they report something.
      expect(await smallText(page, 1000)).not.toEqual([]);
      expect(await smallControls(page, 1000)).not.toEqual([]);
      expect(errors).toEqual([]);
    },
    600_000,
  );
});
