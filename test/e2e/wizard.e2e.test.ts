import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscPosSimulator } from '../../drivers/sim/escpos-simulator';
import { IdCardSimulator } from '../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../drivers/sim/pty-pair';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { SerialScannerSim } from '../../drivers/sim/scanner-serial';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { PlatformAdminClient, startPlatform, type RunningPlatform } from '../../sync/platform';
import { publicKeySha256Hex } from '../../sync/protocol/keys';
import { renderDecodableQr, y4m } from '../renderer/camera/qr-frame';
import { fakeCameraArgs, launchKioskPage } from './helpers/browser';
import { screenshotDir } from './helpers/screenshots';
import { openTechnician } from './helpers/technician';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';

/**
 * The technician's first visit to a fresh install, as it really is: an EMPTY data folder, the PIN
 * put there by `cunzhan set-pin` (stdin), no demo. The terminal starts in provisioning; hold the
 * title → PIN → station details typed on the keyboards (a wrong region code refused first) → the
 * network printer's address typed (a wrong one refused first) → 查找设备 finds the SAM reader (a
 * socat pty under a by-id folder), the USB-CDC scanner (a socat pty named as a Newland scanner
 * under by-id), the USB printer (ESC/POS simulator at lp0) and the network printer (the
 * simulator's TCP mode) → 保存设备设置 → the camera reads the county's enrolment QR →
 * 注册 → 重启终端 (the devices take effect when the host starts again): the same page, without a
 * reload, now serves villagers as the enrolled station; the technician comes back for the
 * self-tests on the real drivers: 读卡测试 (own card, masked), 打印测试 (the receipt's PNG and QR
 * from the printer), 扫码测试 (the scanner reads the printed test QR back; before that, a wrong
 * code is refused), 摄像头测试 (the wrong code: its fix), the diagnostics bundle, 返回 → home.
 * Screens and taps are counted and printed.
 */
const REGION = '430121100202';
const STATION = '桃源村便民服务站';
const PIN = '482915';
const s = zhCN.setup;
const f = s.stationFields;

let dir: string;
let dataDir: string;
let platform: RunningPlatform;
let terminal: RunningTerminal | undefined;
let browser: Browser;
let page: Page;
let errors: string[];
let pair: PtyPair;
let reader: IdCardSimulator;
let usbPrinter: EscPosSimulator;
let netPrinter: EscPosSimulator;
let scanner: SerialScannerSim;
let taps = 0;
const screens: string[] = [];

const env = (): Record<string, string> => ({
  CUNZHAN_DATA_DIR: dataDir,
  CUNZHAN_SERIAL_BY_ID: join(dir, 'by-id'),
  CUNZHAN_USB_PRINTERS: join(dir, 'usb'),
  CUNZHAN_PROC_DIR: join(dir, 'proc'),
  CUNZHAN_MEDIA_ROOT: join(dir, 'media'),
});

async function tap(name: string, within?: Locator): Promise<void> {
  taps += 1;
  await (within ?? page).getByRole('button', { name, exact: true }).click();
}

async function type(keyboard: string, text: string): Promise<void> {
  for (const ch of text) await tap(ch, page.getByTestId(keyboard));
}

async function screen(testid: string): Promise<void> {
  await page.getByTestId(testid).waitFor({ timeout: 20_000 });
  if (screens.at(-1) !== testid) screens.push(testid);
}

async function technicianIn(): Promise<void> {
  taps += await openTechnician(page, PIN);
  screens.push('tech-pin', 'tech-home');
}

/**
 * Pulls the trigger until the screen answers, as a technician does: the hint shows on the tap,
 * a moment before the host listens for the scan.
 */
async function scanUntil(code: string, result: Locator): Promise<void> {
  for (let tries = 0; tries < 10; tries++) {
    await scanner.scan(code);
    if (
      await result.waitFor({ timeout: 1_500 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  await result.waitFor({ timeout: 1 });
}

async function start(): Promise<void> {
  terminal = await startTerminal(env(), 60_000, [], { demo: false });
  await page.goto(terminal.url);
}

describe('first-run wizard (empty data folder, set-pin, no demo, simulators, reference platform, Chromium)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-wizard-e2e-'));
    dataDir = join(dir, 'data');
    for (const d of ['by-id', 'usb', 'proc', 'media/KINGSTON']) mkdirSync(join(dir, d), { recursive: true });
    buildRenderer();
    // The installer's one step before the technician arrives: the PIN, on standard input.
    const setPin = spawnSync('npx', ['tsx', 'main/host/cli/cunzhan.ts', 'set-pin'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, CUNZHAN_DATA_DIR: dataDir },
      input: `${PIN}\n`,
      encoding: 'utf8',
    });
    expect(setPin.status, setPin.stderr).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as object)).toEqual([
      'technician',
    ]);

    pair = await PtyPair.open();
    reader = new IdCardSimulator({ pair });
    await reader.open();
    symlinkSync(pair.hostPath, join(dir, 'by-id', 'usb-Synjones_SAM_Reader-if00-port0'));
    usbPrinter = await EscPosSimulator.onPty();
    symlinkSync(usbPrinter.hostPath, join(dir, 'usb', 'lp0'));
    netPrinter = await EscPosSimulator.listenTcp();
    scanner = await SerialScannerSim.start();
    symlinkSync(scanner.devicePath, join(dir, 'by-id', 'usb-Newland_Auto-ID_NLS-HR22-if00'));

    platform = await startPlatform({ dbPath: join(dir, 'p.sqlite'), seed: true });
    const admin = new PlatformAdminClient(platform.url, platform.adminToken);
    const [code] = (await admin.issueEnrolmentCodes()) as [string];
    const qr = `CZE1:${Buffer.from(
      JSON.stringify({
        platform: platform.url,
        code,
        region_code: REGION,
        station: STATION,
        platform_key_sha256: publicKeySha256Hex(platform.platformPublicKey),
      }),
      'utf8',
    ).toString('base64url')}`;
    const frame = renderDecodableQr(qr);
    const video = join(dir, 'enrolment.y4m');
    writeFileSync(
      video,
      y4m(
        Array.from({ length: 5 }, () => frame.luma),
        frame.width,
        frame.height,
      ),
    );
    ({ browser, page, errors } = await launchKioskPage(fakeCameraArgs(video)));
    await start();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
    await platform?.close();
    await reader?.close();
    await pair?.close();
    await usbPrinter?.close();
    await netPrinter?.close();
    await scanner?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('provisioning: PIN → station details → devices found and saved → enrolment by camera QR', async () => {
    await screen('screen-provisioning');
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    await technicianIn();

    // Station details on the keyboards; a region code one digit short is refused with what to do.
    await tap(s.editField(f.stationName));
    await type('setup-kb-stationName', '东南村');
    await tap(s.fieldDone(f.stationName));
    await tap(s.editField(f.regionCode));
    await type('setup-kb-regionCode', REGION.slice(0, 11));
    await tap(s.fieldDone(f.regionCode));
    await tap(s.editField(f.hotline));
    await type('setup-kb-hotline', '0731-12345');
    await tap(s.fieldDone(f.hotline));

    // The network printer's address: without its port number first, refused before any lookup.
    await tap(s.editField(f.printerAddress));
    await type('setup-kb-printerAddress', '127.0.0.1:');
    await tap(s.discover);
    await expect(page.getByTestId('setup-field-printerAddress-problem').textContent()).resolves.toContain(
      s.fieldProblems.printerAddress,
    );
    await type('setup-kb-printerAddress', String(netPrinter.port));
    await tap(s.discover);
    const list = page.getByTestId('setup-devices');
    await list.waitFor({ timeout: 30_000 });
    await expect(list.textContent()).resolves.toMatch(/身份证读卡器（SAM 编号 .+，波特率 115200）/);
    await expect(list.textContent()).resolves.toContain('热敏小票打印机（ESC/POS，状态正常）');
    await expect(list.textContent()).resolves.toContain(`127.0.0.1:${netPrinter.port}`);
    await expect(list.textContent()).resolves.toContain('扫码枪（Newland，串口模式）');
    expect(await page.locator('[data-testid^=setup-device-][data-state=ok]').count()).toBe(4);
    await page.screenshot({ path: `${screenshotDir()}wizard-1-devices.png` });

    await tap(s.save);
    await expect(page.getByTestId('setup-field-regionCode-problem').textContent()).resolves.toContain(
      s.fieldProblems.regionCode,
    );
    await tap(s.editField(f.regionCode));
    await type('setup-kb-regionCode', REGION.slice(11));
    await tap(s.save);
    await expect(page.getByTestId('setup-message').textContent()).resolves.toContain(s.saved(true));
    const saved = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as {
      station: Record<string, string>;
      technician: { pinHash: string };
      devices: { idcard: { kind: string }; printer: { kind: string }; scanner: unknown };
    };
    expect(saved.station).toEqual({ name: '东南村', regionCode: REGION, hotline: '0731-12345' });
    expect(saved.technician.pinHash).toMatch(/^scrypt\$/);
    expect(saved.devices.idcard).toMatchObject({ kind: 'serial', baudRate: 115200 });
    expect(saved.devices.printer.kind).toBe('escpos');
    expect(saved.devices.scanner).toMatchObject({
      kind: 'hardware',
      settings: { serial: [{ port: join(dir, 'by-id', 'usb-Newland_Auto-ID_NLS-HR22-if00'), baudRate: 9600 }] },
    });

    // Enrolment: the camera reads the county's QR (with the platform key pin), 注册.
    await tap(zhCN.technician.cameraOpen);
    await page
      .getByTestId('tech-field-code-value')
      .filter({ hasText: /\S/ })
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        // What the technician would see: the camera's state and the screen's message.
        await page.screenshot({ path: `${screenshotDir()}wizard-camera-failure.png` });
        const view = page.getByTestId('scan-view');
        const state = (await view.count())
          ? `scan-view ${await view.getAttribute('data-phase')} active=${await view.getAttribute('data-camera-active')}: ${await view.textContent()}`
          : 'no scan-view';
        const message = (await page.getByTestId('tech-message').count())
          ? await page.getByTestId('tech-message').textContent()
          : 'no message';
        throw new Error(`enrolment QR not read (${state}; ${message}): ${String(error)}`);
      });
    await expect(page.getByTestId('tech-field-stationName-value').textContent()).resolves.toBe(STATION);
    await tap(zhCN.technician.enrol);
    await page.locator('[data-testid=tech-status][data-enrolled=true]').waitFor({ timeout: 20_000 });

    // 重启终端: the host starts again with the saved devices; the screen goes back to the villagers.
    await tap(s.restart);
    await screen('screen-home');
    await expect(page.getByTestId('station-name').textContent()).resolves.toContain(STATION);
    expect(errors).toEqual([]);
  }, 240_000);

  it('after 重启终端: a station; self-tests on the real drivers → home', async () => {
    await technicianIn();

    // 读卡测试: the technician's own card on the simulated reader, shown masked only.
    const own = SAMPLE_CARDS[1]!;
    await tap(s.testCard);
    await page.getByText(s.testCardHint).waitFor();
    reader.placeCard(own.card);
    const card = page.getByTestId('setup-test-card-result');
    await card.waitFor({ timeout: 25_000 });
    await expect(card.getAttribute('data-passed')).resolves.toBe('true');
    const shown = (await card.textContent())!;
    expect(shown).toMatch(/\*/);
    expect(shown).not.toContain(own.card.idNumber);
    expect(shown).not.toContain(own.card.name);
    reader.removeCard();

    // 打印测试: the receipt comes out of the chosen printer with the test QR.
    const saved = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as {
      devices: { printer: { settings: { transport: { kind: string } } } };
    };
    const printer = saved.devices.printer.settings.transport.kind === 'tcp' ? netPrinter : usbPrinter;
    const printed = printer.waitForReceipt(20_000);
    await tap(s.testPrint);
    await page.locator('[data-testid=setup-test-print-result][data-passed=true]').waitFor({ timeout: 20_000 });
    const receipt = await printed;
    expect(receipt.png.subarray(1, 4).toString()).toBe('PNG');
    expect(receipt.qrContents.some((q) => /^CZT1:[0-9A-F]{12}$/.test(q))).toBe(true);

    // 扫码测试: another code in front of the scanner first (a villager's old receipt): refused with
    // its fix; then the test receipt's QR, read back through the serial scanner.
    const testCode = receipt.qrContents.find((q) => q.startsWith('CZT1:'))!;
    await tap(s.testScan);
    await page.getByText(s.testScanHint).waitFor();
    const refused = page.locator('[data-testid=setup-test-scan-result][data-passed=false]');
    await scanUntil('CZR1:430121-20261204-0007', refused);
    await expect(refused.textContent()).resolves.toContain('扫码枪读出的内容和测试回执上的不一样');
    await tap(s.testScan);
    await page.getByText(s.testScanHint).waitFor();
    const scanResult = page.locator('[data-testid=setup-test-scan-result][data-passed=true]');
    await scanUntil(testCode, scanResult);
    await expect(scanResult.textContent()).resolves.toContain('扫码枪读回测试码');
    // 摄像头测试: this camera shows the enrolment QR, not the test receipt: refused with its fix.
    await tap(s.testCamera);
    const cameraResult = page.locator('[data-testid=setup-test-camera-result][data-passed=false]');
    await cameraResult.waitFor({ timeout: 20_000 });
    await expect(cameraResult.textContent()).resolves.toContain('摄像头');
    await page.screenshot({ path: `${screenshotDir()}wizard-2-self-tests.png` });

    // Diagnostics onto the stick under /media, then back to the villagers' home screen.
    await tap(s.diag);
    await expect(page.getByTestId('setup-message').textContent()).resolves.toContain('诊断包已导出');
    await tap(zhCN.technician.back);
    await screen('screen-home');
    expect(errors).toEqual([]);
    console.log(`wizard: ${screens.length} screens (${screens.join(' → ')}), ${taps} taps`);
    expect(readdirSync(join(dir, 'media', 'KINGSTON'))).toEqual([expect.stringMatching(/^cunzhan-diag-.+\.tar\.gz$/)]);
  }, 180_000);
});
