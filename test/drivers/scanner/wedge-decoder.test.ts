import { describe, expect, it } from 'vitest';
import { BIJIBEN, SIP_4_1 } from '../../../drivers/scanner/recordings';
import { WedgeDecoder } from '../../../drivers/scanner/wedge-decoder';
import type { WedgeOptions } from '../../../drivers/scanner/wedge-decoder';
import { encodeWedge } from '../../../drivers/scanner/wedge-encoder';

const report = (modifiers: number, ...keys: number[]): Uint8Array => {
  const r = new Uint8Array(8);
  r[0] = modifiers;
  r.set(keys, 2);
  return r;
};
const RELEASE = report(0);

function decodeAll(reports: readonly Uint8Array[], options?: WedgeOptions): string[] {
  const decoder = new WedgeDecoder(options);
  return reports.flatMap((r) => decoder.push(r));
}

describe('WedgeDecoder', () => {
  it('decodes every printable ASCII character on its own, US layout', () => {
    for (let c = 0x20; c <= 0x7e; c++) {
      const ch = String.fromCharCode(c);
      const text = `x${ch}x`; // a lone space would be trimmed later, not here
      expect(decodeAll(encodeWedge(text)), JSON.stringify(ch)).toEqual([text]);
    }
  });

  it('maps usages by hand: letters, shifted digits and punctuation', () => {
    const reports = [
      report(0x02, 0x0b),
      RELEASE, // H
      report(0, 0x08),
      RELEASE, // e
      report(0x20, 0x1e),
      RELEASE, // right shift + 1 = !
      report(0, 0x2d),
      RELEASE, // -
      report(0x02, 0x38),
      RELEASE, // ?
      report(0, 0x59),
      RELEASE, // keypad 1 without Alt is a digit
      report(0, 0x28),
      RELEASE,
    ];
    expect(decodeAll(reports)).toEqual(['He!-?1']);
  });

  it('types nothing for Ctrl, GUI or Alt combinations with non-keypad keys', () => {
    const reports = [
      report(0, 0x04),
      RELEASE,
      report(0x01, 0x06),
      RELEASE, // Ctrl+C
      report(0x08, 0x15),
      RELEASE, // GUI+R
      report(0x04, 0x3d),
      RELEASE, // Alt+F4
      report(0x10, 0x19),
      RELEASE, // right Ctrl+V
      report(0, 0x05),
      RELEASE,
      report(0, 0x28),
      RELEASE,
    ];
    expect(decodeAll(reports)).toEqual(['ab']);
  });

  it('counts repeated characters only across a release, and handles rollover', () => {
    expect(decodeAll([report(0, 0x04), RELEASE, report(0, 0x04), RELEASE, report(0, 0x28)])).toEqual(['aa']);
    // a held while b is pressed: b types once, a is not typed again.
    expect(decodeAll([report(0, 0x04), report(0, 0x04, 0x05), report(0, 0x05), RELEASE, report(0, 0x28)])).toEqual([
      'ab',
    ]);
    // ErrorRollOver reports change nothing.
    expect(
      decodeAll([report(0, 0x04), report(0, 1, 1, 1, 1, 1, 1), report(0, 0x04), RELEASE, report(0, 0x28)]),
    ).toEqual(['a']);
  });

  it('ends codes on Enter, keypad Enter or Tab by default', () => {
    expect(decodeAll(encodeWedge('A1', { suffix: 'enter' }))).toEqual(['A1']);
    expect(decodeAll(encodeWedge('A1', { suffix: 'tab' }))).toEqual(['A1']);
    expect(decodeAll([report(0, 0x1e), RELEASE, report(0, 0x58), RELEASE])).toEqual(['1']);
    expect(decodeAll([...encodeWedge('one'), ...encodeWedge('two')])).toEqual(['one', 'two']);
  });

  it('keeps Tab out of the code when only Enter is a suffix', () => {
    expect(decodeAll(encodeWedge('a\tb'), { suffixes: ['enter'] })).toEqual(['ab']);
  });

  it('returns a code without suffix on flush, and nothing twice', () => {
    const decoder = new WedgeDecoder();
    for (const r of encodeWedge('XYZ', { suffix: 'none' })) expect(decoder.push(r)).toEqual([]);
    expect(decoder.flush()).toBe('XYZ');
    expect(decoder.flush()).toBeNull();
  });

  it('ignores empty suffix-only codes and short reports', () => {
    expect(decodeAll([report(0, 0x28), RELEASE, Uint8Array.of(0, 0)])).toEqual([]);
  });

  it('decodes the public Alt + keypad capture (three digits packed in one report)', () => {
    expect(SIP_4_1.reports).toHaveLength(16);
    expect(decodeAll(SIP_4_1.reports)).toEqual([SIP_4_1.text]);
  });

  it('decodes Alt + decimal Unicode code points for Chinese (笔记本-01)', () => {
    expect(decodeAll(BIJIBEN.reports)).toEqual([BIJIBEN.text]);
  });

  it('reads Alt codes as GBK when configured, and round-trips non-ASCII text', () => {
    const text = '村级便民服务站-№1';
    expect(decodeAll(encodeWedge('村级便民服务站', { altCodes: 'gbk' }), { altCodes: 'gbk' })).toEqual([
      '村级便民服务站',
    ]);
    expect(decodeAll(encodeWedge(text))).toEqual([text]);
    expect(decodeAll(encodeWedge('😀ok'))).toEqual(['😀ok']);
  });

  it('drops Alt sequences that are not characters', () => {
    const alt = (...digits: number[]): Uint8Array[] => [
      report(0x04),
      ...digits.flatMap((d) => [report(0x04, d === 0 ? 0x62 : 0x58 + d), report(0x04)]),
      RELEASE,
    ];
    // 55296 = U+D800 (a lone surrogate), 9999999 is beyond Unicode.
    const reports = [...alt(5, 5, 2, 9, 6), ...alt(9, 9, 9, 9, 9, 9, 9), report(0, 0x04), RELEASE, report(0, 0x28)];
    expect(decodeAll(reports)).toEqual(['a']);
  });

  it('discards a code that grows past its limit', () => {
    expect(decodeAll(encodeWedge('abcdef'), { maxChars: 5 })).toEqual([]);
    expect(decodeAll([...encodeWedge('abcdef'), ...encodeWedge('abc')], { maxChars: 5 })).toEqual(['abc']);
  });

  it('reads Alt + 0nnn in 128–159 as Windows-1252, as Windows does', () => {
    const alt = (digits: string): Uint8Array[] => [
      report(0x04),
      ...[...digits].map((d) => report(0x04, d === '0' ? 0x62 : 0x58 + Number(d))),
      RELEASE,
    ];
    // Alt+0128 = €, Alt+0150 = – (en dash); Alt+128 without the 0 is Unicode U+0080, a control.
    expect(decodeAll([...alt('0128'), ...alt('0150'), ...alt('128'), report(0, 0x28), RELEASE])).toEqual(['€–\u0080']);
  });
});
