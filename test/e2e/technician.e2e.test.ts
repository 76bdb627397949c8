import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { PlatformAdminClient, startPlatform, type RunningPlatform } from '../../sync/platform';
import { publicKeySha256Hex } from '../../sync/protocol/keys';
import { saveApplication } from './helpers/apply';
import { holdStationName, openTechnician as openTechnicianWith, typeTechnicianPin } from './helpers/technician';
import { renderDecodableQr, y4m } from '../renderer/camera/qr-frame';
import { cameraTracks, fakeCameraArgs, launchKioskPage, trackCameraStreams } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * The hidden technician screen on an unenrolled terminal (`npm start -- --no-platform`) beside a
 * separate reference platform: hold the station name → PIN → scan an enrolment QR (hardware
 * scanner via demo.scan) → the form is filled → 注册 → enrolled; a villager's application then
 * goes up with 立即同步. Screenshots: artifacts/e2e/technician-*.png.
 */
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;
const SERVICE = 'YL-RZ';
const REGION = '430121100202';
const STATION = '测试村便民服务站';

let platform: RunningPlatform;
let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let dir: string;
let admin: PlatformAdminClient;
/** Shown by the fake camera: a second one-time code, so the camera path fills the form too. */
let cameraCode: string;

/** Technician targets: normal sizes, but every visible button at least 44×44 CSS px. */
async function targetsUnder44(): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button')]
      .map((b) => ({ id: b.dataset.testid ?? b.textContent ?? '', r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ id, r }) => `${id} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

async function openTechnician(): Promise<void> {
  await openTechnicianWith(page, '000000');
  await page.getByTestId('tech-status').waitFor();
}

function enrolmentQr(code: string): string {
  // Protocol 1.1: the county's code pins the platform key; the terminal insists on it when enrolling.
  const json = JSON.stringify({
    platform: platform.url,
    code,
    region_code: REGION,
    station: STATION,
    platform_key_sha256: publicKeySha256Hex(platform.platformPublicKey),
  });
  return `CZE1:${Buffer.from(json, 'utf8').toString('base64url')}`;
}

describe('technician screen (unenrolled terminal, reference platform, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-technician-e2e-'));
    buildRenderer();
    platform = await startPlatform({ dbPath: join(dir, 'p.sqlite'), seed: true });
    admin = new PlatformAdminClient(platform.url, platform.adminToken);
    [cameraCode] = (await admin.issueEnrolmentCodes()) as [string];
    const frame = renderDecodableQr(enrolmentQr(cameraCode));
    const video = join(dir, 'enrolment.y4m');
    writeFileSync(
      video,
      y4m(
        Array.from({ length: 5 }, () => frame.luma),
        frame.width,
        frame.height,
      ),
    );
    terminal = await startTerminal({}, 60_000, ['--no-platform']);
    ({ browser, page, errors } = await launchKioskPage(fakeCameraArgs(video)));
    await trackCameraStreams(page);
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens only on a 3 s hold, and shows the message for a wrong PIN', async () => {
    await holdStationName(page, 1_000);
    await page.waitForTimeout(2_500);
    expect(await page.getByTestId('technician').count()).toBe(0);

    await holdStationName(page, 3_300);
    await page.getByTestId('tech-pin').waitFor();
    await typeTechnicianPin(page, '1234');
    // Six digits at least: the unlock button waits for them.
    expect(await page.getByTestId('tech-pin-unlock').isDisabled()).toBe(true);
    await typeTechnicianPin(page, '56');
    await expect(page.getByTestId('tech-pin-keypad-display').textContent()).resolves.toBe('●●●●●●');
    // A demo terminal says so on every screen, the technician's too.
    expect(await page.getByTestId('demo-badge').textContent()).toBe('演示');
    await page.getByTestId('tech-pin-unlock').click();
    await expect(page.getByTestId('tech-pin-error').textContent()).resolves.toContain(zhCN.technician.pinWrong);
    expect(await targetsUnder44()).toEqual([]);
    await page.screenshot({ path: `${shots}technician-1-wrong-pin.png` });
    await page.getByTestId('tech-leave').click();
    await page.getByTestId('screen-home').waitFor();
  });

  it('an enrolment QR fills the form, 注册 enrols, 立即同步 sends a villager’s application', async () => {
    const host = await connectFromNode(terminal.url);
    try {
      await openTechnician();
      await expect(page.getByTestId('tech-status').getAttribute('data-enrolled')).resolves.toBe('false');
      await expect(page.getByTestId('tech-link').textContent()).resolves.toContain(zhCN.technician.link.not_enrolled);

      // Scanned by the hardware scanner (demo.scan feeds the same pipeline): fills, never submits.
      const [code] = await admin.issueEnrolmentCodes();
      expect((await host.api.invoke('demo.scan', { text: enrolmentQr(code!) })).ok).toBe(true);
      await page.getByTestId('tech-field-code-value').filter({ hasText: code! }).waitFor({ timeout: 5_000 });
      await expect(page.getByTestId('tech-field-code-value').textContent()).resolves.toBe(code);
      await expect(page.getByTestId('tech-field-platform-value').textContent()).resolves.toBe(platform.url);
      await expect(page.getByTestId('tech-field-regionCode-value').textContent()).resolves.toBe(REGION);
      await expect(page.getByTestId('tech-field-stationName-value').textContent()).resolves.toBe(STATION);
      await expect(page.getByTestId('tech-field-platformKeySha256-value').textContent()).resolves.toBe(
        publicKeySha256Hex(platform.platformPublicKey),
      );
      await page.waitForTimeout(500);
      await expect(page.getByTestId('tech-status').getAttribute('data-enrolled')).resolves.toBe('false');
      expect(await admin.listDevices()).toEqual([]);

      // The URL keyboard has what an address needs; a typed character can be taken back.
      await page.getByTestId('tech-field-platform-edit').click();
      for (const ch of [':', '/', '.', '-', '_'])
        expect(await page.getByTestId(`tech-kb-platform-char-${ch}`).count()).toBe(1);
      await page.getByTestId('tech-kb-platform-char-/').click();
      await expect(page.getByTestId('tech-field-platform-value').textContent()).resolves.toBe(`${platform.url}/`);
      await page.getByTestId('tech-kb-platform-back').click();
      expect(await targetsUnder44()).toEqual([]);
      await page.screenshot({ path: `${shots}technician-2-form-filled.png` });
      await page.getByTestId('tech-field-platform-edit').click();

      // The camera on this screen fills the form the same way (the fake camera shows a second code).
      await page.getByTestId('tech-camera').click();
      await page.getByTestId('tech-field-code-value').filter({ hasText: cameraCode }).waitFor({ timeout: 20_000 });
      // Filled: the camera view closes and the camera is released.
      await page.waitForFunction(
        () => (window as unknown as { __cameraTracks: () => string[] }).__cameraTracks().every((s) => s === 'ended'),
        undefined,
        { timeout: 5_000 },
      );
      expect(await cameraTracks(page)).toEqual(['ended']);
      await expect(page.getByTestId('tech-status').getAttribute('data-enrolled')).resolves.toBe('false');
      await expect(page.getByTestId('tech-clock').textContent()).resolves.toContain(zhCN.technician.clockUnmeasured);

      await page.getByTestId('tech-enrol-submit').click();
      await page.locator('[data-testid=tech-status][data-enrolled=true]').waitFor({ timeout: 20_000 });
      await expect(page.getByTestId('tech-message').textContent()).resolves.toContain('注册成功');
      await expect(page.getByTestId('tech-region').textContent()).resolves.toContain(REGION);
      const devices = await admin.listDevices();
      expect(devices).toHaveLength(1);
      await expect(page.getByTestId('tech-device-id').textContent()).resolves.toContain(devices[0]!.device_id);
      await page.screenshot({ path: `${shots}technician-3-enrolled.png` });
      await page.getByTestId('tech-leave').click();
      await page.getByTestId('screen-home').waitFor();
      // The top bar follows the new station name.
      await page.getByTestId('station-name').filter({ hasText: STATION }).waitFor({ timeout: 5_000 });

      // A villager's application, then 立即同步 on the technician screen.
      const { txId } = await saveApplication(host.api, SAMPLE_CARDS[0]!.id, SERVICE);
      await page.getByTestId('screen-home').waitFor();
      await openTechnician();
      await page.getByTestId('tech-sync-now').click();
      await expect(page.getByTestId('tech-message').textContent({ timeout: 20_000 })).resolves.toContain('同步完成');
      await page.locator('[data-testid=tech-status][data-pending="0"]').waitFor({ timeout: 20_000 });
      expect(Number(await page.getByTestId('tech-status').getAttribute('data-acked'))).toBeGreaterThanOrEqual(1);
      await expect(page.getByTestId('tech-link').textContent()).resolves.toContain(zhCN.technician.link.up);
      // Platform and terminal share this machine's clock: measured, small, no warning.
      await expect(page.getByTestId('tech-clock').textContent()).resolves.toMatch(/与平台一致|比平台[快慢] \d+ 秒/);
      expect(await page.getByTestId('tech-clock-warning').count()).toBe(0);
      expect((await admin.listTransactions({ tx_id: txId })).map((t) => t.tx_id)).toEqual([txId]);
      await page.screenshot({ path: `${shots}technician-4-synced.png` });

      // 返回 locks the host again: technician calls are refused from then on.
      await page.getByTestId('tech-leave').click();
      await page.getByTestId('screen-home').waitFor();
      expect(await host.api.invoke('tech.status', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(errors).toEqual([]);
    } finally {
      host.close();
    }
  });
});
