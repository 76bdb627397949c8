import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderQr, y4m } from '../renderer/camera/qr-frame';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RECEIPT = 'CZR1:430121-20260115-0007';

// The page under test: the real renderer camera module and ScanView, bundled for the browser.
// getUserMedia is wrapped so the test can inspect every stream the page opened.
const ENTRY = `
import { h, render } from 'preact';
import { startQrCamera } from './renderer/camera/qr-camera';
import { ScanView } from './renderer/camera/ScanView';
const streams = [];
const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (c) => { const s = await original(c); streams.push(s); return s; };
const codes = [];
let camera;
window.cameraTest = {
  codes,
  trackStates: () => streams.flatMap((s) => s.getTracks().map((t) => t.readyState)),
  async start() {
    const r = await startQrCamera(document.querySelector('video'), (c) => codes.push(c), { intervalMs: 100 });
    if (!r.ok) return r.error.code;
    camera = r.value;
    return 'ok';
  },
  stop: () => camera.stop(),
  mountView() {
    render(h(ScanView, { labels: { hint: 'hint', starting: 'starting', errors: {} }, onCode: (c) => codes.push(c) }), document.getElementById('view'));
  },
  unmountView() { render(null, document.getElementById('view')); },
};
`;

describe('camera QR in Chromium with a fake capture device', () => {
  let dir: string;
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cunzhan-camera-e2e-'));
    const frame = renderQr(RECEIPT);
    const video = join(dir, 'receipt-qr.y4m');
    await writeFile(video, y4m(Array.from({ length: 5 }, () => frame.luma), frame.width, frame.height));

    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'tsx', sourcefile: 'camera-test-entry.tsx' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'silent',
    });
    const js = bundle.outputFiles[0]!.contents;
    const html = '<!doctype html><meta charset="utf-8"><video></video><div id="view"></div><script type="module" src="/app.js"></script>';
    server = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'cameraTest' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('decodes the receipt QR from the camera and releases the camera on stop', async () => {
    expect(await page.evaluate(() => (window as unknown as { cameraTest: { start(): Promise<string> } }).cameraTest.start())).toBe('ok');
    await page.waitForFunction(() => (window as unknown as { cameraTest: { codes: unknown[] } }).cameraTest.codes.length > 0, undefined, { timeout: 20_000 });
    const code = await page.evaluate(() => (window as unknown as { cameraTest: { codes: { text: string; rawBytesBase64: string | null }[] } }).cameraTest.codes[0]!);
    expect(code.text).toBe(RECEIPT);
    // Our receipt code only uses QR alphanumeric characters, so it has no byte segments to re-decode.
    expect(code.rawBytesBase64).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { cameraTest: { trackStates(): string[] } }).cameraTest.trackStates())).toEqual(['live']);

    await page.evaluate(() => (window as unknown as { cameraTest: { stop(): Promise<void> } }).cameraTest.stop());
    expect(await page.evaluate(() => (window as unknown as { cameraTest: { trackStates(): string[] } }).cameraTest.trackStates())).toEqual(['ended']);
  });

  it('ScanView opens the camera on mount and releases it on unmount', async () => {
    type T = { cameraTest: { codes: unknown[]; trackStates(): string[]; mountView(): void; unmountView(): void } };
    await page.evaluate(() => {
      const t = (window as unknown as T).cameraTest;
      t.codes.length = 0;
      t.mountView();
    });
    await page.waitForFunction(() => (window as unknown as T).cameraTest.codes.length > 0, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as T).cameraTest.trackStates())).toEqual(['ended', 'live']);
    expect(await page.locator('#view [role=status]').textContent()).toBe('hint');
    await page.evaluate(() => (window as unknown as T).cameraTest.unmountView());
    await page.waitForFunction(() => (window as unknown as T).cameraTest.trackStates().every((s) => s === 'ended'), undefined, { timeout: 5_000 });
  });
});
