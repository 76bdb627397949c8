import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// WCAG relative luminance and contrast ratio; 长辈 screens aim for 7:1 (AAA).
function luminance(hex: string): number {
  const n = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4]
    .map((i) => parseInt(n.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

const css = readFileSync(new URL('../../../renderer/styles/kiosk.css', import.meta.url), 'utf8');
const vars = Object.fromEntries([...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
const px = (name: string): number => Number(/(\d+)px/.exec(css.match(new RegExp(`--${name}:\\s*([^;]+);`))![1]!)![1]);

describe('kiosk.css (长辈 sizes)', () => {
  const pairs: [string, string][] = [
    ['fg', 'bg'],
    ['muted-fg', 'bg'],
    ['fg', 'panel-bg'],
    ['muted-fg', 'panel-bg'],
    ['primary-fg', 'primary-bg'],
    ['secondary-fg', 'secondary-bg'],
    ['error-fg', 'error-bg'],
    ['notice-fg', 'notice-bg'],
    ['ok-fg', 'bg'],
    ['banner-fg', 'banner-bg'],
    ['selected-fg', 'selected-bg'],
    ['primary-bg', 'bg'],
  ];
  it.each(pairs)('%s on %s has contrast ≥ 7:1', (fg, bg) => {
    expect(vars[fg], fg).toBeDefined();
    expect(vars[bg], bg).toBeDefined();
    expect(contrast(vars[fg]!, vars[bg]!)).toBeGreaterThanOrEqual(7);
  });

  it('sets body ≥ 28 px, primary buttons ≥ 96 px, targets ≥ 64 px', () => {
    expect(px('body-size')).toBeGreaterThanOrEqual(28);
    expect(px('primary-height')).toBeGreaterThanOrEqual(96);
    expect(px('target')).toBeGreaterThanOrEqual(64);
  });
});
