import { z } from 'zod/mini';
import chinese from 'simple-keyboard-layouts/build/layouts/chinese';
import { buildPinyinIndex, type PinyinIndex } from '../logic/pinyin';
import { CHAR_RANK } from './char-rank';

/** The package types only its key layouts; the candidate table is checked here. */
const layoutWithCandidates = z.object({ layoutCandidates: z.record(z.string(), z.string()) });

/**
 * The candidate data: simple-keyboard-layouts' Chinese layout (MIT, from the pinyinjs
 * dictionary): 404 toneless syllables → the 6,763 characters of GB 2312, each syllable's
 * characters most frequent first; across syllables, the order of `CHAR_RANK` (from
 * @pinyin-pro/data's word frequencies, scripts/char-rank.ts). Loaded as its own chunk the first
 * time 拼音 is chosen.
 */
export const pinyinIndex: PinyinIndex = buildPinyinIndex(
  layoutWithCandidates.parse(chinese).layoutCandidates,
  CHAR_RANK,
);
