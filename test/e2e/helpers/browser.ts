import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, at the kiosk panel size (1920×1080). */
export async function launchKioskPage(): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
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
  return page.evaluate(() => [...document.querySelectorAll('button')]
    .map((b) => ({ id: b.dataset.testid ?? b.textContent ?? '', r: b.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && (r.width < 64 || r.height < 64))
    .map(({ id, r }) => `${id} ${Math.round(r.width)}×${Math.round(r.height)}`));
}
