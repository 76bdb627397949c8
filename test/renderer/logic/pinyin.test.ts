import { describe, expect, it } from 'vitest';
import { pinyinIndex } from '../../../renderer/components/pinyin-table';
import { buildPinyinIndex, candidatePage, normalisePinyin, pinyinCandidates } from '../../../renderer/logic/pinyin';

const first = (typed: string, n: number) => pinyinCandidates(pinyinIndex, typed).candidates.slice(0, n);

describe('pinyin candidates from the package data', () => {
  it('holds the whole GB 2312 set under 404 syllables', () => {
    expect(pinyinIndex.syllables.size).toBe(404);
    expect(new Set([...pinyinIndex.syllables.values()].flat()).size).toBe(6763);
  });

  it('full pinyin: zhang → 张 among the first candidates, common ones before rare ones', () => {
    const zhang = first('zhang', 5);
    expect(zhang).toContain('张');
    expect(zhang).toContain('长');
    const all = pinyinCandidates(pinyinIndex, 'zhang').candidates;
    expect(all.indexOf('张')).toBeLessThan(all.indexOf('嫜'));
    expect(pinyinCandidates(pinyinIndex, 'zhang').consumed).toBe(5);
    expect(first('li', 8)).toContain('李');
    expect(first('wang', 5)).toContain('王');
    expect(first('cun', 3)).toContain('村');
  });

  it('initials: zh → common zh- characters first, by frequency', () => {
    // Over all zh- syllables in overall frequency order (@pinyin-pro/data's word frequencies).
    expect(first('zh', 3)).toEqual(expect.arrayContaining(['这', '中']));
    const zh = first('zh', 25);
    for (const common of ['中', '这', '长', '政', '主', '真']) expect(zh).toContain(common);
    const all = pinyinCandidates(pinyinIndex, 'zh').candidates;
    // Frequency order across syllables: a common character before the rare ones of the same syllables.
    expect(all.indexOf('中')).toBeLessThan(all.indexOf('盅'));
    expect(all.indexOf('张')).toBeLessThan(all.indexOf('嫜'));
    expect(all.every((c) => !/[a-z\s]/.test(c))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it('a syllable also starting longer ones offers its own characters first (zhan → 战 before 张)', () => {
    const zhan = pinyinCandidates(pinyinIndex, 'zhan').candidates;
    expect(zhan.indexOf('战')).toBeLessThan(zhan.indexOf('张'));
    expect(zhan).toContain('张');
  });

  it('several syllables: the first is offered and consumed (zhangsan → 张…, 5 letters)', () => {
    const m = pinyinCandidates(pinyinIndex, 'zhangsan');
    expect(m.consumed).toBe(5);
    expect(m.candidates.slice(0, 5)).toContain('张');
    expect(pinyinCandidates(pinyinIndex, 'sanzu').candidates.slice(0, 3)).toContain('三');
  });

  it('ü typed as v, upper case and stray characters are tolerated', () => {
    expect(first('lv', 5)).toContain('绿');
    expect(first('lü', 5)).toContain('绿');
    expect(first('ZHANG', 5)).toContain('张');
    expect(normalisePinyin(" Zh'ang 1 ")).toBe('zhang');
  });

  it('garbage and empty input give an empty list, never an error', () => {
    for (const typed of ['', '   ', '123', 'iii', 'vvvv', 'qqq', '🙂', 'x'.repeat(5000), '\u0000']) {
      expect(pinyinCandidates(pinyinIndex, typed)).toEqual({ candidates: [], consumed: 0 });
    }
  });

  it('an empty table gives no candidates', () => {
    const empty = buildPinyinIndex({});
    expect(pinyinCandidates(empty, 'zhang')).toEqual({ candidates: [], consumed: 0 });
  });

  it('pages candidates and wraps around', () => {
    const list = ['一', '二', '三', '四', '五'];
    expect(candidatePage(list, 0, 2)).toEqual(['一', '二']);
    expect(candidatePage(list, 2, 2)).toEqual(['五']);
    expect(candidatePage(list, 3, 2)).toEqual(['一', '二']);
    expect(candidatePage([], 0, 8)).toEqual([]);
  });
});

describe('mixed candidates without a frequency order', () => {
  it('take the first of every syllable before the second of any', () => {
    const index = buildPinyinIndex({ zha: '扎 炸 渣', zhang: '张 章', zhe: '这 者' });
    expect(pinyinCandidates(index, 'zh').candidates).toEqual(['扎', '张', '这', '炸', '章', '者', '渣']);
    const ranked = buildPinyinIndex({ zha: '扎 炸 渣', zhang: '张 章', zhe: '这 者' }, '这者张');
    expect(pinyinCandidates(ranked, 'zh').candidates).toEqual(['这', '者', '张', '扎', '炸', '章', '渣']);
  });
});
