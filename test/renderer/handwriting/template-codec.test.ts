import { describe, expect, it } from 'vitest';
import { decodeTemplates, encodeTemplates } from '../../../renderer/handwriting/template-codec';

const flat = (...v: number[]) => new Float32Array(v);

describe('handwriting template codec', () => {
  it('round-trips characters (also outside the BMP) to within one grid step', () => {
    const templates = [
      { char: '一', strokes: [flat(0, 0.5, 0.2, 0.5, 0.4, 0.5, 0.6, 0.5, 0.8, 0.5, 1, 0.5)] },
      {
        char: '𠈌',
        strokes: [
          flat(0.3, 0, 0.25, 0.2, 0.2, 0.4, 0.15, 0.6, 0.1, 0.8, 0, 1),
          flat(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        ],
      },
    ];
    const back = decodeTemplates(encodeTemplates(templates));
    expect(back.map((t) => t.char)).toEqual(['一', '𠈌']);
    back.forEach((t, i) =>
      t.strokes.forEach((s, j) =>
        s.forEach((v, k) => expect(Math.abs(v - templates[i]!.strokes[j]![k]!)).toBeLessThan(1 / 63)),
      ),
    );
  });

  it('refuses a truncated entry instead of matching against garbage', () => {
    const text = encodeTemplates([{ char: '十', strokes: [flat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)] }]);
    expect(() => decodeTemplates(text.slice(0, -1))).toThrow(/bad template/);
  });
});
