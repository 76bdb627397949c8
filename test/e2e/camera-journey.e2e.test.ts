import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { renderDecodableQr, y4m } from '../renderer/camera/qr-frame';
import { saveApplication } from './helpers/apply';
import { cameraTracks, fakeCameraArgs, launchKioskPage, smallTargets, trackCameraStreams } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * Camera QR on the villager screens, against the real terminal in Chromium whose fake camera
 * shows a receipt QR (`CZR1:<local number>`) or an unknown code. Screenshots:
 * artifacts/e2e/camera-journey-*.png.
 */
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;
const SERVICE = 'YL-RZ';

let terminal: RunningTerminal;
let dir: string;
const browsers: Browser[] = [];

/** A kiosk page whose camera shows a QR of `payload`; every stream it opens is recorded. */
async function pageWithCamera(payload: string, name: string): Promise<{ page: Page; errors: string[] }> {
  const frame = renderDecodableQr(payload);
  const file = join(dir, `${name}.y4m`);
  writeFileSync(
    file,
    y4m(
      Array.from({ length: 5 }, () => frame.luma),
      frame.width,
      frame.height,
    ),
  );
  const { browser, page, errors } = await launchKioskPage(fakeCameraArgs(file));
  browsers.push(browser);
  await page.addInitScript(() => {
    const w = window as unknown as { __spoken: string[] };
    w.__spoken = [];
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      w.__spoken.push(u.text);
    };
  });
  await trackCameraStreams(page);
  await page.goto(terminal.url);
  await page.getByTestId('screen-home').waitFor();
  return { page, errors };
}

async function openScanScreen(page: Page): Promise<void> {
  await page.getByTestId('home-camera').click();
  await page.getByTestId('screen-scan').waitFor();
  await page.locator('[data-testid=scan-view][data-camera-active=true]').waitFor({ timeout: 15_000 });
  // One camera open at a time: the newest stream is live, every earlier one has ended.
  const tracks = await cameraTracks(page);
  expect(tracks.at(-1)).toBe('live');
  expect(tracks.filter((s) => s === 'live')).toHaveLength(1);
}

describe('camera QR on the villager screens (real terminal, Chromium fake camera)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-camera-journey-'));
    buildRenderer();
    // Listens through speechSynthesis, so the host's espeak-ng is switched off (the page's fallback).
    terminal = await startTerminal({ CUNZHAN_ESPEAK_NG: '/nonexistent/espeak-ng' });
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await terminal?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a receipt QR in front of the camera opens that transaction’s progress and releases the camera', async () => {
    const host = await connectFromNode(terminal.url);
    let localNumber: string;
    try {
      ({ localNumber } = await saveApplication(host.api, SAMPLE_CARDS[0]!.id, SERVICE));
    } finally {
      host.close();
    }
    expect(localNumber).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    const { page, errors } = await pageWithCamera(`CZR1:${localNumber}`, 'receipt');
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: `${shots}camera-journey-1-home.png` });
    const started = Date.now();
    // The QR is in front of the camera from the first frame: the progress page may come within a
    // few hundred ms, so the live camera is checked in the second test, not here.
    await page.getByTestId('home-camera').click();
    expect(await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken)).toContain(
      zhCN.scanScreen.prompt,
    );
    await page.getByTestId('screen-progress').waitFor({ timeout: 20_000 });
    const seconds = (Date.now() - started) / 1000;
    await expect(page.getByTestId('progress-number').textContent()).resolves.toContain(localNumber);
    expect(Object.values(zhCN.progress.status)).toContain(await page.getByTestId('progress-status').textContent());
    await page.screenshot({ path: `${shots}camera-journey-2-progress.png` });
    // Leaving the scan screen stopped the camera: every track it opened has ended.
    await page.waitForFunction(
      () => (window as unknown as { __cameraTracks: () => string[] }).__cameraTracks().every((s) => s === 'ended'),
      undefined,
      { timeout: 5_000 },
    );
    expect(await cameraTracks(page)).toEqual(['ended']);
    console.log(`camera-journey: scan screen → progress page in ${seconds.toFixed(1)} s`);
    expect(errors).toEqual([]);
  });

  it('an unknown QR says 无法识别此二维码 on screen and by voice, keeps scanning, and 返回 releases the camera', async () => {
    const { page, errors } = await pageWithCamera('HELLO-NOT-OURS-42', 'unknown');
    await openScanScreen(page);
    await expect(page.getByTestId('scan-error').textContent({ timeout: 20_000 })).resolves.toContain(
      '无法识别此二维码',
    );
    const said = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
    expect(said.some((t) => t.includes('无法识别此二维码'))).toBe(true);
    // Still on the scan screen with the camera on.
    expect(await page.getByTestId('screen-scan').isVisible()).toBe(true);
    expect(await cameraTracks(page)).toEqual(['live']);
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: `${shots}camera-journey-3-unknown.png` });
    await page.getByTestId('scan-back').click();
    await page.getByTestId('screen-home').waitFor();
    await page.waitForFunction(
      () => (window as unknown as { __cameraTracks: () => string[] }).__cameraTracks().every((s) => s === 'ended'),
      undefined,
      { timeout: 5_000 },
    );

    // 回首页 in the top bar releases it as well, and so does a card arriving.
    await openScanScreen(page);
    await page.getByTestId('nav-home').click();
    await page.waitForFunction(
      () => (window as unknown as { __cameraTracks: () => string[] }).__cameraTracks().every((s) => s === 'ended'),
      undefined,
      { timeout: 5_000 },
    );
    await openScanScreen(page);
    await page.getByTestId('demo-open').click();
    await page.getByTestId(`demo-card-${SAMPLE_CARDS[1]!.id}`).click();
    await page.getByTestId('screen-services').waitFor();
    await page.waitForFunction(
      () => (window as unknown as { __cameraTracks: () => string[] }).__cameraTracks().every((s) => s === 'ended'),
      undefined,
      { timeout: 5_000 },
    );
    expect(await cameraTracks(page)).toEqual(['ended', 'ended', 'ended']);
    expect(errors).toEqual([]);
  });

  it('without a usable camera the scan screen says so in plain Chinese and stays usable', async () => {
    // The card from the previous test still lies on the reader: take it away first.
    const host = await connectFromNode(terminal.url);
    try {
      await host.api.invoke('demo.removeCard', {});
      await host.api.invoke('session.end', {});
    } finally {
      host.close();
    }
    // Headless Chromium without the fake-device switches has no camera it may open.
    const { browser, page, errors } = await launchKioskPage();
    browsers.push(browser);
    await page.addInitScript(() => {
      const w = window as unknown as { __spoken: string[] };
      w.__spoken = [];
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        w.__spoken.push(u.text);
      };
    });
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId('home-camera').click();
    await page.locator('[data-testid=scan-view][data-phase=failed]').waitFor({ timeout: 15_000 });
    const shown = await page.getByTestId('scan-view').textContent();
    expect(Object.values(zhCN.cameraErrors)).toContain(shown);
    expect(await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken)).toContain(shown);
    await expect(page.getByTestId('scan-view').getAttribute('data-camera-active')).resolves.toBe('false');
    await page.screenshot({ path: `${shots}camera-journey-4-no-camera.png` });
    await page.getByTestId('scan-back').click();
    await page.getByTestId('screen-home').waitFor();
    expect(errors).toEqual([]);
  });
});
