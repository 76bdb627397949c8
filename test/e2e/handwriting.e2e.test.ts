import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import type { Stroke } from '../../renderer/handwriting/strokes';
import { strokesOf } from '../../scripts/handwriting/template-source';
import { launchKioskPage, smallTargets } from './helpers/browser';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';

/**
 * Handwriting on the real terminal in Chromium: the villager opens 手写 on a text field, writes
 * with pointer events (the strokes of Make Me a Hanzi, as a finger would trace them), picks the
 * character from the large candidate buttons and it lands in the field; a scribble is cleared
 * with 重写. Screenshots in artifacts/e2e/handwriting-*.png.
 */
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;
const card = SAMPLE_CARDS[0]!;

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];

const button = (name: string) => page.getByRole('button', { name, exact: true });

/** Traces strokes (1024-unit box, y down) on the pad with the mouse: pointerdown, moves, pointerup. */
async function write(strokes: readonly Stroke[]): Promise<void> {
  const pad = page.getByRole('img', { name: '手写板' });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (p: { x: number; y: number }) => ({
    x: box.x + box.width * (0.1 + (0.8 * p.x) / 1024),
    y: box.y + box.height * (0.1 + (0.8 * p.y) / 1024),
  });
  for (const stroke of strokes) {
    const [first, ...rest] = stroke.map(at);
    await page.mouse.move(first!.x, first!.y);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 4 });
    await page.mouse.up();
  }
}

async function candidates(): Promise<string[]> {
  return page.getByTestId('field-household_head_name-kb-hw-candidates').locator('button').allTextContents();
}

describe('handwriting input (real terminal, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    buildRenderer();
    terminal = await startTerminal();
    ({ browser, page, errors } = await launchKioskPage());
  });

  afterAll(async () => {
    await browser?.close();
    await terminal?.stop();
  });

  it('writes 王林 into 户主姓名 by hand, a scribble is cleared with 重写', async () => {
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId('demo-open').click();
    await page.getByTestId(`demo-card-${card.id}`).click();
    await page.getByTestId('screen-services').waitFor();
    await page.getByTestId('service-YB-CB').click();
    await page.getByTestId('screen-form').waitFor();

    for (const d of '13800138000') await page.getByTestId(`field-phone-keypad-key-${d}`).click();
    await button('下一步').click();
    for (const d of '2026') await page.getByTestId(`field-insured_year-keypad-key-${d}`).click();
    await button('下一步').click();
    await button('普通居民').click();
    await button('下一步').click();
    await expect(page.getByTestId('screen-form').getAttribute('data-field')).resolves.toBe('household_head_name');

    await button('手写').click();
    await expect(page.getByText('请用手指在框里写一个字，写完在下面点选').isVisible()).resolves.toBe(true);
    await write(strokesOf('王'));
    await button('王').waitFor();
    const found = await candidates();
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found).toContain('王');
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: `${shots}handwriting-01-candidates.png` });
    await button('王').click();
    await expect(page.getByTestId('field-household_head_name-kb-display').textContent()).resolves.toBe('王');
    await expect(page.getByTestId('field-household_head_name-kb-hw-pad').getAttribute('data-strokes')).resolves.toBe(
      '0',
    );

    // A scribble (one zigzag) is not 林; 重写 empties the pad and the candidates.
    const zigzag: Stroke = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ x: 100 + i * 130, y: i % 2 === 0 ? 200 : 800 }));
    await write([zigzag]);
    await expect.poll(candidates).not.toEqual([]);
    expect(await candidates()).not.toContain('林');
    await button('重写').click();
    await expect(page.getByTestId('field-household_head_name-kb-hw-pad').getAttribute('data-strokes')).resolves.toBe(
      '0',
    );
    expect(await candidates()).toEqual([]);

    // One stroke too many, taken back with 撤销一笔.
    await write([...strokesOf('林'), zigzag]);
    await button('撤销一笔').click();
    await button('林').waitFor();
    await page.screenshot({ path: `${shots}handwriting-02-second-character.png` });
    await button('林').click();
    await expect(page.getByTestId('field-household_head_name-kb-display').textContent()).resolves.toBe('王林');

    // Back to the common-character keys and on to the review.
    await button('汉字').click();
    await expect(page.getByRole('img', { name: '手写板' }).count()).resolves.toBe(0);
    await button('下一步').click();
    await page.getByTestId('screen-review').waitFor();
    await expect(page.getByTestId('screen-review').textContent()).resolves.toContain('王林');
    await page.screenshot({ path: `${shots}handwriting-03-review.png` });
    expect(errors).toEqual([]);
  });
});
