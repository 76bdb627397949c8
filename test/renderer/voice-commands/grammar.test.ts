import { describe, expect, it } from 'vitest';
import { buildGrammar, commandFor, readNumber, spokenForm } from '../../../renderer/voice-commands/grammar';

describe('voice grammar from the screen', () => {
  it('service list: the service names, the fixed words, no digits', () => {
    const g = buildGrammar({ choices: ['城乡居民医保参保登记', '高龄津贴申请'], keypad: false });
    expect(g.phrases).toContain('城 乡 居 民 医 保 参 保 登 记');
    expect(g.phrases).toContain('回 首 页');
    expect(g.phrases).toContain('再 说 一 遍');
    expect(g.phrases.at(-1)).toBe('[unk]');
    expect(commandFor(g, '高 龄 津 贴 申 请')).toEqual({ kind: 'choose', label: '高龄津贴申请' });
    expect(commandFor(g, '一')).toBeNull();
  });

  it('keypad fields add spoken digits, including 幺 and 两', () => {
    const g = buildGrammar({ choices: [], keypad: true });
    expect(commandFor(g, '幺')).toEqual({ kind: 'digit', digit: '1' });
    expect(commandFor(g, '两')).toEqual({ kind: 'digit', digit: '2' });
    expect(commandFor(g, '零')).toEqual({ kind: 'digit', digit: '0' });
    expect(g.phrases).toContain('九');
  });

  it('option labels are said without brackets and punctuation; duplicates and fixed words are kept once', () => {
    expect(spokenForm('家庭月总收入（元）')).toBe('家庭月总收入元');
    expect(spokenForm('高龄（80岁以上）')).toBe('高龄八十岁以上');
    expect(['0', '7', '12', '20', '105', '1000', '2026'].map((n) => readNumber(Number(n)))).toEqual([
      '零',
      '七',
      '十二',
      '二十',
      '一百零五',
      '一千',
      '二千零二十六',
    ]);
    const g = buildGrammar({ choices: ['是', '普通居民', '普通居民', 'ABC'], keypad: false });
    expect(commandFor(g, '是')).toEqual({ kind: 'yes' });
    expect(g.phrases.filter((p) => p === '普 通 居 民')).toHaveLength(1);
    expect(g.phrases).not.toContain('');
  });

  it('recogniser text with spaces or [unk] maps back; unknown text maps to nothing', () => {
    const g = buildGrammar({ choices: ['普通居民'], keypad: false });
    expect(commandFor(g, ' 下 一 步 ')).toEqual({ kind: 'next' });
    expect(commandFor(g, '[unk] 确 认')).toEqual({ kind: 'confirm' });
    expect(commandFor(g, '[unk]')).toBeNull();
    expect(commandFor(g, '')).toBeNull();
  });
});
