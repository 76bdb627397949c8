import { describe, expect, it } from 'vitest';
import { printerCovers } from '../../../drivers/printer/font-coverage';

describe('printer font coverage', () => {
  it('common characters are in every font', () => {
    for (const cov of ['gb2312', 'gbk', 'gb18030'] as const)
      for (const ch of ['张', '村', 'A', '：', '□']) expect(printerCovers(ch, cov)).toBe(true);
  });
  it('GBK-only characters (镕 E9 46) are not in GB2312 fonts', () => {
    expect(printerCovers('镕', 'gb2312')).toBe(false);
    expect(printerCovers('镕', 'gbk')).toBe(true);
  });
  it('䶮 (U+4DAE, FE 9F) is in GB18030 fonts only', () => {
    expect(printerCovers('䶮', 'gb18030')).toBe(true);
    expect(printerCovers('䶮', 'gbk')).toBe(false);
    expect(printerCovers('䶮', 'gb2312')).toBe(false);
  });
  it('four-byte GB18030 characters (Ext-B, emoji) are never in a printer font', () => {
    for (const ch of ['𠈌', '𠀀', '😀']) expect(printerCovers(ch, 'gb18030')).toBe(false);
  });
  it('control characters are never covered', () => {
    expect(printerCovers('\x1b', 'gb18030')).toBe(false);
    expect(printerCovers('\x10', 'gb18030')).toBe(false);
  });
});
