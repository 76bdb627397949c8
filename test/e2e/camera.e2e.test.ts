import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScannerHub } from '../../drivers/scanner/hub';
import { renderDecodableQr, y4m } from '../renderer/camera/qr-frame';

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
  async startDenied() {
    const deny = async () => { throw new DOMException('Permission denied', 'NotAllowedError'); };
    const r = await startQrCamera(document.querySelector('video'), () => undefined, { getUserMedia: deny });
    return r.ok ? 'ok' : r.error.code;
  },
  mountView() {
    render(h(ScanView, { labels: { hint: 'hint', starting: 'starting', errors: {} }, onCode: (c) => codes.push(c) }), document.getElementById('view'));
  },
  unmountView() { render(null, document.getElementById('view')); },
};
`;

describe('camera QR in Chromium with a fake capture device', () => {
  let dir: string;
  let server: Server;
  let page: Page;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cunzhan-camera-e2e-'));
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
    const html =
      '<!doctype html><meta charset="utf-8"><video></video><div id="view"></div><script type="module" src="/app.js"></script>';
    server = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ({ page } = await openWithCamera(RECEIPT));
  });

  /** A Chromium whose fake camera shows a QR of `payload`, on the test page. */
  async function openWithCamera(payload: string | Uint8Array): Promise<{ browser: Browser; page: Page }> {
    const frame = renderDecodableQr(payload);
    const video = join(dir, `qr-${browsers.length}.y4m`);
    await writeFile(
      video,
      y4m(
        Array.from({ length: 5 }, () => frame.luma),
        frame.width,
        frame.height,
      ),
    );
    const b = await chromium.launch({
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
    browsers.push(b);
    const p = await b.newPage();
    await p.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await p.waitForFunction(() => 'cameraTest' in window);
    return { browser: b, page: p };
  }

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('decodes the receipt QR from the camera and releases the camera on stop', async () => {
    expect(
      await page.evaluate(() => (window as unknown as { cameraTest: { start(): Promise<string> } }).cameraTest.start()),
    ).toBe('ok');
    await page.waitForFunction(
      () => (window as unknown as { cameraTest: { codes: unknown[] } }).cameraTest.codes.length > 0,
      undefined,
      { timeout: 20_000 },
    );
    const code = await page.evaluate(
      () =>
        (window as unknown as { cameraTest: { codes: { text: string; rawBytesBase64: string | null }[] } }).cameraTest
          .codes[0]!,
    );
    expect(code.text).toBe(RECEIPT);
    // Our receipt code only uses QR alphanumeric characters, so it has no byte segments to re-decode.
    expect(code.rawBytesBase64).toBeNull();
    expect(
      await page.evaluate(() =>
        (window as unknown as { cameraTest: { trackStates(): string[] } }).cameraTest.trackStates(),
      ),
    ).toEqual(['live']);

    await page.evaluate(() => (window as unknown as { cameraTest: { stop(): Promise<void> } }).cameraTest.stop());
    expect(
      await page.evaluate(() =>
        (window as unknown as { cameraTest: { trackStates(): string[] } }).cameraTest.trackStates(),
      ),
    ).toEqual(['ended']);
  });

  it('ScanView opens the camera on mount and releases it on unmount', async () => {
    type T = { cameraTest: { codes: unknown[]; trackStates(): string[]; mountView(): void; unmountView(): void } };
    await page.evaluate(() => {
      const t = (window as unknown as T).cameraTest;
      t.codes.length = 0;
      t.mountView();
    });
    await page.waitForFunction(() => (window as unknown as T).cameraTest.codes.length > 0, undefined, {
      timeout: 20_000,
    });
    expect(await page.evaluate(() => (window as unknown as T).cameraTest.trackStates())).toEqual(['ended', 'live']);
    expect(await page.locator('#view [role=status]').textContent()).toBe('hint');
    await page.evaluate(() => (window as unknown as T).cameraTest.unmountView());
    await page.waitForFunction(
      () => (window as unknown as T).cameraTest.trackStates().every((s) => s === 'ended'),
      undefined,
      { timeout: 5_000 },
    );
  });

  it('hands on the raw bytes of a GBK QR so the host pipeline recovers the Chinese text', async () => {
    type T = {
      cameraTest: {
        codes: { text: string; rawBytesBase64: string | null }[];
        start(): Promise<string>;
        stop(): Promise<void>;
      };
    };
    const gbk = iconv.encode('村级便民服务站:张三', 'gbk');
    const { page: gbkPage } = await openWithCamera(gbk);
    expect(await gbkPage.evaluate(() => (window as unknown as T).cameraTest.start())).toBe('ok');
    await gbkPage.waitForFunction(() => (window as unknown as T).cameraTest.codes.length > 0, undefined, {
      timeout: 20_000,
    });
    const code = await gbkPage.evaluate(() => (window as unknown as T).cameraTest.codes[0]!);
    await gbkPage.evaluate(() => (window as unknown as T).cameraTest.stop());
    expect(code.text).not.toBe('村级便民服务站:张三');
    const submitted = new ScannerHub().submit({ source: 'camera', text: code.text, bytesBase64: code.rawBytesBase64 });
    expect(submitted).toMatchObject({
      ok: true,
      value: { text: '村级便民服务站:张三', encoding: 'gb18030', code: { kind: 'unknown' } },
    });
  });

  it('reports a refused camera permission as a value', async () => {
    expect(
      await page.evaluate(() =>
        (window as unknown as { cameraTest: { startDenied(): Promise<string> } }).cameraTest.startDenied(),
      ),
    ).toBe('camera_denied');
  });
});
