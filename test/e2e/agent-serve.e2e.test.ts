import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCard } from '../../drivers/sim/sample-cards';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { DEMO_AGENTS } from '../../main/host/demo-agents';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { PlatformAdminClient } from '../../sync/platform';
import { launchKioskPage } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';
import { screenshotDir } from './helpers/screenshots';

/**
 * A station agent at the demo terminal (`npm start`, demo platform with its two agents), in
 * Chromium by the visible Chinese labels: wrong PIN, a deactivated agent, another station's
 * agent, sign-in, and the idle lock that leaves nothing of the last villager on screen.
 * Screenshots for the agent guide: docs/img/agent-*.png.
 */
const img = screenshotDir();
const IDLE_SEC = 20;
const t = zhCN.agent;
const s = zhCN.agentServe;

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let host: { api: KioskApi; close(): void };
let admin: PlatformAdminClient;

/** Takes the last card off first: the reader reports a card when one arrives. */
async function placeCard(id: string): Promise<void> {
  await host.api.invoke('demo.removeCard', {});
  await new Promise((r) => setTimeout(r, 700));
  const r = await host.api.invoke('demo.placeCard', { id });
  if (!r.ok) throw new Error(r.error.code);
}

async function typePin(pin: string): Promise<void> {
  for (const d of pin) await page.getByTestId(`agent-pin-keypad-key-${d}`).click();
}

async function openSignIn(): Promise<void> {
  await page.getByRole('button', { name: t.entry, exact: true }).click();
  await page.getByText(t.signInHint).waitFor();
}

async function signIn(cardId: string, pin: string): Promise<void> {
  await placeCard(cardId);
  await page.getByText(t.cardRead).waitFor();
  await typePin(pin);
  await page.getByRole('button', { name: t.signIn, exact: true }).click();
}

/** Agent screens use normal sizes, but every visible button is at least 48×48 CSS px. */
async function targetsUnder48(): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button')]
      .map((b) => ({ id: b.dataset.testid ?? b.textContent ?? '', r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 48 || r.height < 48))
      .map(({ id, r }) => `${id} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

async function signInError(): Promise<string> {
  const alert = page.getByTestId('agent-sign-in-error');
  await alert.waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
    throw new Error(`${String(e)}\n${await page.textContent('body')}`);
  });
  return (await alert.textContent()) ?? '';
}

describe('station agent at the kiosk (demo terminal, reference platform, Chromium)', () => {
  beforeAll(async () => {
    buildRenderer();
    terminal = await startTerminal({ CUNZHAN_AGENT_IDLE_SEC: String(IDLE_SEC) });
    const listening = terminal.logs
      .map((l) => {
        try {
          return JSON.parse(l) as { event?: string; platform?: { url: string; adminToken: string } };
        } catch {
          return {};
        }
      })
      .find((m) => m.event === 'listening')!;
    admin = new PlatformAdminClient(listening.platform!.url, listening.platform!.adminToken);
    host = await connectFromNode(terminal.url);
    // Chromium's own fake camera (a moving test picture) stands in for the document camera.
    ({ browser, page, errors } = await launchKioskPage([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ]));
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
  });

  afterAll(async () => {
    host?.close();
    await browser?.close();
    await terminal?.stop();
  });

  it('refuses a wrong PIN, a villager card, a deactivated agent and another station’s agent', async () => {
    // Two villagers' sample cards registered as a deactivated agent and an agent of another station.
    const { agents } = await admin.listAgents();
    const deviceId = agents.find((a) => a.id === 'A001')!.device_id!;
    await admin.publishAgents(
      [
        {
          id: 'A009',
          name: '王测试',
          id_number: sampleCard('resident-twenty-years').idNumber,
          pin: '111111',
          active: false,
        },
        {
          id: 'B001',
          name: '陈样本',
          id_number: sampleCard('hk-mo-tw-residence').idNumber,
          pin: '222222',
          station_region: '110101001001',
        },
      ],
      deviceId,
    );
    await host.api.invoke('tech.unlock', { pin: '000000' });
    await host.api.invoke('tech.syncNow', {});

    await openSignIn();
    await page.screenshot({ path: `${img}agent-1-sign-in.png` });
    // Fewer than six digits: 登录 waits.
    await placeCard('agent-liu');
    await page.getByText(t.cardRead).waitFor();
    await typePin('13579');
    expect(await page.getByRole('button', { name: t.signIn, exact: true }).isDisabled()).toBe(true);
    await typePin('1');
    expect(await page.getByTestId('agent-pin-keypad-display').textContent()).toBe('●●●●●●');
    await page.getByRole('button', { name: t.signIn, exact: true }).click();
    expect(await signInError()).toContain(t.pinWrong);
    await page.screenshot({ path: `${img}agent-2-wrong-pin.png` });

    await signIn('resident-long-term', '135790');
    expect(await signInError()).toContain(zhCN.errors.agent_unknown);
    await signIn('resident-twenty-years', '111111');
    expect(await signInError()).toContain(zhCN.errors.agent_inactive);
    await signIn('hk-mo-tw-residence', '222222');
    expect(await signInError()).toContain(zhCN.errors.agent_other_station);
    // A villager's card used for a sign-in never opens the villager's screens.
    expect(await page.getByTestId('screen-services').count()).toBe(0);
    await page.getByRole('button', { name: t.back, exact: true }).click();
    await page.getByTestId('screen-home').waitFor();
  });

  it('signs in with the own card and PIN; the coloured bar shows the masked name and id', async () => {
    await openSignIn();
    await signIn('agent-liu', DEMO_AGENTS[0].pin);
    await page.getByText(t.menuTitle).waitFor();
    expect(await page.getByTestId('agent-who').textContent()).toBe(t.who('刘*办', 'A001'));
    const bar = await page.getByTestId('agent-bar').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(bar).toBe('rgb(91, 42, 134)');
    expect(await page.content()).not.toContain('刘帮办');
    expect(await targetsUnder48()).toEqual([]);
    await page.screenshot({ path: `${img}agent-3-menu.png` });
    await page.getByRole('button', { name: t.signOut, exact: true }).click();
    await page.getByTestId('screen-home').waitFor();
    expect(await host.api.invoke('agent.current', {})).toEqual({ ok: true, value: null });
  });

  it('帮办: the villager’s card, the agent fills the form, consent in large type, a finger signature, receipt with 帮办人', async () => {
    await openSignIn();
    await signIn('agent-liu', DEMO_AGENTS[0].pin);
    await page.getByRole('button', { name: new RegExp(s.assistTitle.replace(/[()（）]/g, '.')) }).click();
    await page.getByRole('button', { name: /城乡居民养老保险待遇资格认证/ }).click();
    await page.getByText(s.placeCard).waitFor();
    await placeCard('resident-long-term');
    await page.getByTestId('agent-form').waitFor();
    await expect(page.getByText(s.villager('李*范')).count()).resolves.toBe(1);
    // A wrong phone number first: the host's own rule, shown at the field.
    await page.getByLabel(/联系电话/).fill('1380013');
    await page.getByRole('button', { name: '在本村居住' }).click();
    await page.getByRole('button', { name: zhCN.form.yes, exact: true }).click();
    await page.getByRole('button', { name: zhCN.common.next, exact: true }).click();
    await page.getByTestId('agent-field-phone-error').waitFor();
    await page.getByLabel(/联系电话/).fill('13800138000');
    await page.screenshot({ path: `${img}agent-4-assist-form.png` });
    await page.getByRole('button', { name: zhCN.common.next, exact: true }).click();

    await page.getByText(s.consentTitle('城乡居民养老保险待遇资格认证')).waitFor();
    expect(await page.getByText('138****8000').count()).toBe(1);
    const agree = page.getByRole('button', { name: s.agree, exact: true });
    expect(await agree.isDisabled()).toBe(true);
    const box = (await page.getByTestId('signature-canvas').boundingBox())!;
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++)
      await page.mouse.move(box.x + 60 + i * 20, box.y + box.height / 2 + 40 * Math.sin(i / 3));
    await page.mouse.up();
    expect(await agree.isDisabled()).toBe(false);
    await page.screenshot({ path: `${img}agent-5-consent.png` });
    await agree.click();
    await page.getByTestId('agent-done').waitFor();
    const receipt = await host.api.invoke('demo.lastReceipt', {});
    if (!receipt.ok || !receipt.value) throw new Error('no receipt');
    expect(receipt.value.transcript).toContain('帮 办 人');
    expect(receipt.value.transcript).toContain('刘*办（工号A001）');
    // The printed receipt (simulator PNG) carries the QR of the local number: zbarimg reads it back.
    const png = `${img}agent-6-receipt-assist.png`;
    writeFileSync(png, Buffer.from(receipt.value.pngBase64!, 'base64'));
    const local = (await page.getByTestId('agent-local-number').textContent())!;
    const qr = execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim();
    expect(qr).toBe(`CZR1:${local}`);
    await page.getByRole('button', { name: s.backToMenu, exact: true }).click();
  });

  it('帮办: refusing consent discards the draft', async () => {
    await page.getByRole('button', { name: new RegExp(s.assistTitle.replace(/[()（）]/g, '.')) }).click();
    await page.getByRole('button', { name: /城乡居民养老保险待遇资格认证/ }).click();
    await placeCard('resident-twenty-years');
    await page.getByTestId('agent-form').waitFor();
    await page.getByRole('button', { name: '在本村居住' }).click();
    await page.getByRole('button', { name: zhCN.form.yes, exact: true }).click();
    await page.getByRole('button', { name: zhCN.common.next, exact: true }).click();
    await page.getByRole('button', { name: s.refuse, exact: true }).click();
    await page.getByText(t.menuTitle).waitFor();
    expect(await host.api.invoke('session.current', {})).toEqual({ ok: true, value: null });
  });

  it('代办: refuses a service without proxy, checks the typed ID number, photographs both documents', async () => {
    await page.getByRole('button', { name: new RegExp(s.proxyTitle.replace(/[()（）]/g, '.')) }).click();
    await page.getByRole('button', { name: /户籍证明开具/ }).click();
    await expect(page.getByTestId('agent-serve-notice').textContent()).resolves.toContain(
      zhCN.errors.proxy_not_allowed,
    );
    await page.getByRole('button', { name: /城乡居民养老保险待遇资格认证/ }).click();
    await page.getByTestId('agent-form').waitFor();
    const id = sampleCard('resident-long-term').idNumber;
    await page.getByLabel(/申请人姓名/).fill('李示范');
    await page.getByLabel(/公民身份号码/).fill(id.slice(0, 17) + (id.endsWith('0') ? '1' : '0'));
    await page.getByLabel(/户籍地址/).fill('湖南省长沙县示例镇样板村三组18号');
    await page.getByRole('button', { name: '在本村居住' }).click();
    await page.getByRole('button', { name: zhCN.form.yes, exact: true }).click();
    await page.getByRole('button', { name: zhCN.common.next, exact: true }).click();
    await page.getByTestId('agent-field-applicant_id_number-error').waitFor();
    await page.getByLabel(/公民身份号码/).fill(id);
    await page.getByRole('button', { name: zhCN.common.next, exact: true }).click();
    await page.getByText(s.photoTodo.authorisation).waitFor();
    await page.screenshot({ path: `${img}agent-7-proxy-photos.png` });
    await page.getByRole('button', { name: s.shoot, exact: true }).click();
    await page.getByText(`✔ ${s.photoDone.authorisation}`).waitFor();
    await page.getByRole('button', { name: s.shoot, exact: true }).click();
    await page.getByText(`✔ ${s.photoDone.id_card}`).waitFor();
    await page.getByRole('button', { name: s.submitProxy, exact: true }).click();
    await page.getByTestId('agent-done').waitFor();
    const receipt = await host.api.invoke('demo.lastReceipt', {});
    if (!receipt.ok || !receipt.value) throw new Error('no receipt');
    expect(receipt.value.transcript).toContain('代 办 人');
    expect(receipt.value.transcript).toContain('李*范');
    if (receipt.value.pngBase64)
      writeFileSync(`${img}agent-8-receipt-proxy.png`, Buffer.from(receipt.value.pngBase64, 'base64'));
    await page.getByRole('button', { name: t.signOut, exact: true }).click();
    await page.getByTestId('screen-home').waitFor();
  });

  it('locks after the idle time and shows nothing of the last villager', async () => {
    await openSignIn();
    await signIn('agent-zhou', DEMO_AGENTS[1].pin);
    await page.getByText(t.menuTitle).waitFor();
    // The agent is filling in a villager's form (their masked name on screen) and walks away.
    await page.getByRole('button', { name: new RegExp(s.assistTitle.replace(/[()（）]/g, '.')) }).click();
    await page.getByRole('button', { name: /城乡居民养老保险待遇资格认证/ }).click();
    await placeCard('resident-long-term');
    await page.getByText(s.villager('李*范')).waitFor();
    await page.getByLabel(/联系电话/).fill('13800138000');
    expect(await targetsUnder48()).toEqual([]);
    await page.getByTestId('agent-idle').waitFor({ timeout: IDLE_SEC * 1000 });
    await page.getByTestId('screen-home').waitFor({ timeout: IDLE_SEC * 1000 + 5_000 });
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toContain('李*范');
    expect(text).not.toContain('周*办');
    expect(text).not.toContain('13800138000');
    // Opening agent mode again shows a fresh sign-in, nothing of the form.
    await openSignIn();
    expect(await page.getByText('李*范').count()).toBe(0);
    await page.getByRole('button', { name: t.back, exact: true }).click();
    expect(await host.api.invoke('session.current', {})).toEqual({ ok: true, value: null });
    expect(errors).toEqual([]);
  });
});
