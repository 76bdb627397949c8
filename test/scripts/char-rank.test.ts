import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, outputPath, rankChars } from '../../scripts/char-rank';

describe('the shipped character frequency order', () => {
  it('is what the generator makes from the package data now (rerun scripts/char-rank.ts after an update)', () => {
    expect(readFileSync(outputPath, 'utf8')).toBe(generate());
  });

  it('orders by the summed frequency of the words a character is part of; unseen ones keep their place', () => {
    const words = { 中国: ['zhōng guó', 3], 中心: ['zhōng xīn', 2], 国家: ['guó jiā', 1] } as const;
    expect(rankChars(words, ['家', '甲', '心', '国', '中', '乙'])).toBe('中国心家甲乙');
  });
});
