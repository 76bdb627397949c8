import type { Page } from 'playwright-core';

/** The hidden technician entry: hold the station name in the top bar (3 s opens it). */
export async function holdStationName(page: Page, ms = 3_300): Promise<void> {
  const box = (await page.getByTestId('station-name').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
}

/** Digits on the technician's PIN keypad. */
export async function typeTechnicianPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByTestId(`tech-pin-keypad-key-${d}`).click();
}

/**
 * Hold → PIN → 解锁; resolves when the PIN was accepted (the technician screen shows) or, for a
 * PIN the terminal refuses, once the keypad says why. Returns the taps made (the wizard counts them).
 */
export async function openTechnician(page: Page, pin: string, expect: 'open' | 'refused' = 'open'): Promise<number> {
  await holdStationName(page);
  await page.getByTestId('tech-pin').waitFor({ timeout: 20_000 });
  await typeTechnicianPin(page, pin);
  await page.getByTestId('tech-pin-unlock').click();
  await page.getByTestId(expect === 'open' ? 'tech-home' : 'tech-pin-error').waitFor({ timeout: 20_000 });
  return 1 + pin.length + 1;
}
