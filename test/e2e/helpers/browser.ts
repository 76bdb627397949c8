import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, at the kiosk panel size (1920×1080); `extraArgs` e.g. a fake camera. */
export async function launchKioskPage(
  extraArgs: readonly string[] = [],
): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { browser, page, errors };
}

/** Every visible button is at least 64×64 CSS px (长辈 touch targets). */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button')]
      .map((b) => ({ id: b.dataset.testid ?? b.textContent ?? '', r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 64 || r.height < 64))
      .map(({ id, r }) => `${id} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

/** Chromium switches for a fake camera that shows the Y4M video at `y4mPath`, permission granted. */
export function fakeCameraArgs(y4mPath: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${y4mPath}`,
  ];
}

/**
 * Records every MediaStream the page opens, so a test can check from outside the app that the
 * camera was really released (`window.__cameraTracks()` → readyState of every track).
 */
export async function trackCameraStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c?: MediaStreamConstraints) => {
      const s = await original(c);
      streams.push(s);
      return s;
    };
    (window as unknown as { __cameraTracks: () => string[] }).__cameraTracks = () =>
      streams.flatMap((s) => s.getTracks().map((t) => t.readyState));
  });
}

export async function cameraTracks(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cameraTracks: () => string[] }).__cameraTracks());
}
