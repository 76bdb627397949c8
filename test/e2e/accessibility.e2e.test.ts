import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { focusWithoutRing, seriousAxeViolations, smallControls, smallText } from './helpers/a11y';
import { fakeCameraArgs, launchKioskPage } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * Every villager screen, checked with axe-core (0 serious, 0 critical: contrast AA included), and
 * measured in the page: text ≥ 28 px, controls ≥ 64 px, a visible focus ring on every control
 * reached with Tab. At the landscape (1920×1080) and portrait (1080×1920) kiosk panels, and with
 * the 大字/高对比 switch on. Screenshots: artifacts/a11y/<pass>-<nn>-<screen>.png.
 *
 * The screens are one list of visits, each starting where the previous one left the page: a new
 * screen (e.g. announcements, rating) is one more line in VISITS.
 */
const IDLE_SEC = 15;
const shots = new URL('../../artifacts/a11y/', import.meta.url).pathname;

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let localNumber = '';

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

interface Visit {
  readonly name: string;
  /** From the screen the previous visit left, to this one. */
  readonly reach: () => Promise<void>;
  /** Tab moves count as activity: not on the idle banner, which they would dismiss. */
  readonly focus?: false;
}

const VISITS: readonly Visit[] = [
  { name: 'home', reach: () => heading('欢迎办理').waitFor() },
  { name: 'services', reach: () => placeCard(0) },
  {
    name: 'form-phone-wrong',
    reach: async () => {
      // By its card: the 一件事一次办 bundle that includes it names it too.
      await page.getByTestId('service-YB-CB').click();
      await field('联系电话');
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
    name: 'review',
    reach: async () => {
      // 户主姓名 may be left empty: the button says 跳过.
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
      await page.getByTestId('service-DB-SQ').click();
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
    mkdirSync(shots, { recursive: true });
    buildRenderer();
    terminal = await startTerminal({ CUNZHAN_IDLE_TIMEOUT_SEC: String(IDLE_SEC), CUNZHAN_COUNTDOWN_SEC: '60' });
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
    await browser?.close();
    await terminal?.stop();
  });

  it.each(PASSES)(
    '$name: 0 serious/critical axe findings, text ≥ 28 px, controls ≥ 64 px, focus visible',
    async (pass) => {
      const host = await connectFromNode(terminal.url);
      // Each pass starts at rest: no card on the reader, no session left by the pass before.
      await host.api.invoke('demo.removeCard', {});
      await host.api.invoke('session.end', {});
      host.close();
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
    300_000,
  );
});
