import { describe, expect, it } from 'vitest';
import { createMatcher, strokeDistance } from '../../../renderer/handwriting/matcher';
import { decodeTemplates } from '../../../renderer/handwriting/template-codec';
import { templateText } from '../../../renderer/handwriting/templates.data';
import { levelOneCharacters, sampleCardCharacters, strokesOf } from '../../../scripts/handwriting/template-source';
import { DEFAULT_JITTER, seededRandom, synthesiseStrokes } from './synth';

// The shipped templates, exactly as the renderer decodes them.
const matcher = createMatcher(decodeTemplates(templateText));

describe('handwriting matcher', () => {
  it('finds each of the 3,500 level-1 characters in the top 5 for ≥ 90 % of jittered writings', () => {
    const random = seededRandom(20261205);
    const chars = levelOneCharacters();
    let top1 = 0;
    let top5 = 0;
    for (const char of chars) {
      const found = matcher.match(synthesiseStrokes(strokesOf(char), random), 5).map((c) => c.char);
      if (found[0] === char) top1 += 1;
      if (found.includes(char)) top5 += 1;
    }
    console.log(`handwriting top-1 ${(top1 / chars.length).toFixed(4)}, top-5 ${(top5 / chars.length).toFixed(4)}`);
    expect(chars).toHaveLength(3500);
    expect(top5 / chars.length).toBeGreaterThanOrEqual(0.9);
  }, 600_000);

  it('finds the rare characters of the sample cards (Extension A and B names)', () => {
    const random = seededRandom(7);
    for (const char of ['䶮', '𠈌', ...sampleCardCharacters()]) {
      const found = matcher.match(synthesiseStrokes(strokesOf(char), random), 5).map((c) => c.char);
      expect(found, char).toContain(char);
    }
  });

  it('still finds a character written with one stroke left out', () => {
    const random = seededRandom(3);
    for (const char of ['国', '福', '疆', '德']) {
      const strokes = synthesiseStrokes(strokesOf(char), random).filter((_, i) => i !== 4);
      expect(
        matcher.match(strokes, 5).map((c) => c.char),
        char,
      ).toContain(char);
    }
  });

  it('tells a stroke written backwards from the same stroke written forwards', () => {
    const forward = new Float32Array([0, 0.5, 0.2, 0.5, 0.4, 0.5, 0.6, 0.5, 0.8, 0.5, 1, 0.5]);
    const backward = new Float32Array([1, 0.5, 0.8, 0.5, 0.6, 0.5, 0.4, 0.5, 0.2, 0.5, 0, 0.5]);
    expect(strokeDistance(forward, forward)).toBe(0);
    expect(strokeDistance(forward, backward)).toBeGreaterThan(0.5);
  });

  it('gives no candidates for an empty pad and distinct, cheapest-first candidates otherwise', () => {
    expect(matcher.match([], 5)).toEqual([]);
    const found = matcher.match(
      synthesiseStrokes(strokesOf('永'), seededRandom(1), { ...DEFAULT_JITTER, noise: 0 }),
      8,
    );
    expect(found).toHaveLength(8);
    expect(new Set(found.map((c) => c.char)).size).toBe(8);
    for (let i = 1; i < found.length; i++) expect(found[i]!.cost).toBeGreaterThanOrEqual(found[i - 1]!.cost);
  });
});
