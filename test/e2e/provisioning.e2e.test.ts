import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchKioskPage } from './helpers/browser';
import { openTechnician } from './helpers/technician';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * A fresh install (start.ts without --demo, no config file): the provisioning screen, only the
 * technician entry open, no 演示 badge, no default PIN; the kiosk page is reached through the
 * 0600 launch page that the browser is started with.
 */
let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let launchFile: string;

describe('provisioning (fresh install, Chromium)', () => {
  beforeAll(async () => {
    buildRenderer();
    terminal = await startTerminal({}, 60_000, [], { demo: false });
    const listening = terminal.logs
      .map((l) => {
        try {
          return JSON.parse(l) as { event?: string; launchFile?: string; mode?: string };
        } catch {
          return {};
        }
      })
      .find((m) => m.event === 'listening')!;
    expect(listening.mode).toBe('provisioning');
    launchFile = listening.launchFile!;
    ({ browser, page } = await launchKioskPage());
  });

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
  });

  it('opens the kiosk from the 0600 launch page, and the address bar loses the token', async () => {
    expect(statSync(launchFile).mode & 0o777).toBe(0o600);
    await page.goto(`file://${launchFile}`);
    await page.getByTestId('screen-provisioning').waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(terminal.url).origin);
    expect(new URL(page.url()).hash).toBe('');
  });

  it('shows only the not-set-up screen and the technician entry, no demo badge', async () => {
    await expect(page.getByTestId('screen-provisioning').textContent()).resolves.toContain(zhCN.provisioning.hint);
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    expect(await page.getByTestId('screen-home').count()).toBe(0);
    await page.screenshot({ path: new URL('../../artifacts/e2e/provisioning.png', import.meta.url).pathname });
  });

  it('keeps the technician entry open (hold the title), with no default PIN', async () => {
    await openTechnician(page, '000000', 'refused');
    await expect(page.getByTestId('tech-pin-error').textContent()).resolves.toContain(zhCN.errors.tech_pin_not_set);
    expect(await page.getByTestId('tech-status').count()).toBe(0);
  });

  it('refuses villager calls and the demo PIN over the API', async () => {
    const client = await connectFromNode(terminal.url);
    try {
      expect(await client.api.invoke('catalog.list', {})).toMatchObject({
        ok: false,
        error: { code: 'not_provisioned' },
      });
      expect(await client.api.invoke('tech.unlock', { pin: '000000' })).toMatchObject({
        ok: false,
        error: { code: 'tech_pin_not_set' },
      });
    } finally {
      client.close();
    }
  });
});
