import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../../renderer/styles/records.css', import.meta.url), 'utf8');
const kiosk = readFileSync(new URL('../../../renderer/styles/kiosk.css', import.meta.url), 'utf8');

describe('records.css (好差评, 我的办件, progress pushed)', () => {
  it('uses only the colour variables whose pairs kiosk.css checks, no colours of its own', () => {
    expect(css).not.toMatch(/#[0-9a-f]{3,6}\b|rgb\(|hsl\(/i);
    const used = [...css.matchAll(/var\(--([a-z-]+)\)/g)].map((m) => m[1]!);
    for (const name of used) expect(kiosk).toContain(`--${name}:`);
  });

  it('keeps text at 长辈 sizes (≥ 28 px) and face buttons large', () => {
    const sizes = [...css.matchAll(/font-size:\s*(\d+)px/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    for (const px of sizes) expect(px).toBeGreaterThanOrEqual(28);
    const heights = [...css.matchAll(/min-height:\s*(\d+)px/g)].map((m) => Number(m[1]));
    for (const px of heights) expect(px).toBeGreaterThanOrEqual(96);
  });
});
