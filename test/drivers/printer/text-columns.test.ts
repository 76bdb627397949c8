import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textColumns, wrapText } from '../../../drivers/printer/text-columns';

describe('columns and wrapping', () => {
  it('CJK counts two columns, ASCII one', () => {
    expect(textColumns('村站AB')).toBe(6);
    expect(textColumns('𠈌')).toBe(2);
  });

  it('wraps at the width without splitting a character', () => {
    expect(wrapText('一二三四五六七八九十', 8)).toEqual(['一二三四', '五六七八', '九十']);
    expect(wrapText('AB一二三', 5)).toEqual(['AB一', '二三']);
  });

  it('prefers a space in Latin text', () => {
    expect(wrapText('hello world foo', 11)).toEqual(['hello world', 'foo']);
  });

  it('keeps closing punctuation off the start of a line', () => {
    const lines = wrapText('一二三四。五', 8);
    expect(lines[1]!.startsWith('。')).toBe(false);
    expect(lines.join('')).toBe('一二三四。五');
  });

  it('no line exceeds the width and no character is lost or split (property)', () => {
    const char = fc.constantFrom('a', 'Z', '1', ' ', '中', '村', '。', '）', '𠈌', '䶮', '-');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 200 }), fc.integer({ min: 2, max: 48 }), (chars, width) => {
        const text = chars.join('');
        const lines = wrapText(text, width);
        for (const l of lines) expect(textColumns(l)).toBeLessThanOrEqual(width);
        expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
      }),
    );
  });
});
