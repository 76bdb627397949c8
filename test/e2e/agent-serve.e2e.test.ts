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

/**
 * A station agent at the demo terminal (`npm start`, demo platform with its two agents), in
 * Chromium by the visible Chinese labels: wrong PIN, a deactivated agent, another station's
 * agent, sign-in, and the idle lock that leaves nothing of the last villager on screen.
 * Screenshots for the agent guide: docs/img/agent-*.png.
 */
const img = new URL('../../docs/img/', import.meta.url).pathname;
const IDLE_SEC = 12;
const t = zhCN.agent;

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
    ({ browser, page, errors } = await launchKioskPage());
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
    await page.screenshot({ path: `${img}agent-3-menu.png` });
    await page.getByRole('button', { name: t.signOut, exact: true }).click();
    await page.getByTestId('screen-home').waitFor();
    expect(await host.api.invoke('agent.current', {})).toEqual({ ok: true, value: null });
  });

  it('locks after the idle time and shows nothing of the last villager', async () => {
    await openSignIn();
    await signIn('agent-zhou', DEMO_AGENTS[1].pin);
    await page.getByText(t.menuTitle).waitFor();
    // A villager's card goes on the reader while the agent works.
    await placeCard('resident-long-term');
    await page.getByTestId('agent-idle').waitFor({ timeout: IDLE_SEC * 1000 });
    await page.getByTestId('screen-home').waitFor({ timeout: IDLE_SEC * 1000 + 5_000 });
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toContain('李*范');
    expect(text).not.toContain('周*办');
    expect(await host.api.invoke('session.current', {})).toEqual({ ok: true, value: null });
    expect(errors).toEqual([]);
  });
});
