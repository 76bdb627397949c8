import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** What every villager screen must meet (issue #13, docs/ui.md): measured in the page. */
export const MIN_TEXT_PX = 28;
export const MIN_TARGET_PX = 64;

/** The presenter's demo strip and badge are not villager UI (they never show on a station). */
const NOT_VILLAGER = '[data-testid^="demo-"], .demo-panel, .demo-toggle, .demo-badge, audio';

/** Serious and critical axe findings (WCAG 2.1 A/AA rules, contrast included), one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude(NOT_VILLAGER)
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Visible text set smaller than `min` CSS px. */
export async function smallText(page: Page, min = MIN_TEXT_PX): Promise<string[]> {
  return page.evaluate(
    ({ min, skip }) => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const text = (n.textContent ?? '').trim();
        if (!el || text === '' || el.closest(skip)) continue;
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
        // The 大字 switch zooms the content, which only makes text larger: the size before zoom is the bound.
        const px = parseFloat(cs.fontSize);
        if (px < min) out.push(`${text.slice(0, 20)} ${px}px`);
      }
      return out;
    },
    { min, skip: NOT_VILLAGER },
  );
}

/** Controls (buttons, inputs, links) smaller than `min` × `min` CSS px on screen. */
export async function smallControls(page: Page, min = MIN_TARGET_PX): Promise<string[]> {
  return page.evaluate(
    ({ min, skip }) =>
      [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')]
        .filter((el) => !el.closest(skip))
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < min || r.height < min))
        .map(({ el, r }) => `${el.dataset.testid ?? el.textContent} ${Math.round(r.width)}×${Math.round(r.height)}`),
    { min, skip: NOT_VILLAGER },
  );
}

/**
 * Moves the keyboard focus with Tab through up to `max` controls and names every one that shows
 * no focus ring (an outline of at least 2 px, or a box shadow) while focused.
 */
export async function focusWithoutRing(page: Page, max = 40): Promise<{ visited: number; missing: string[] }> {
  const seen = new Set<string>();
  const missing: string[] = [];
  let visited = 0;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate((skip) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || el.closest(skip)) return null;
      const cs = getComputedStyle(el);
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
      const id = el.dataset.testid ?? `${el.tagName}:${(el.textContent ?? '').trim().slice(0, 12)}`;
      return { id, ring };
    }, NOT_VILLAGER);
    if (!f) continue;
    if (seen.has(f.id)) break; // went round once
    seen.add(f.id);
    visited += 1;
    if (!f.ring) missing.push(f.id);
  }
  return { visited, missing };
}
