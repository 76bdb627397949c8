import { describe, expect, it } from 'vitest';
import { GlyphRasteriser } from '../../../drivers/printer/glyph-rasteriser';
import { encodeReceipt, PLACEHOLDER } from '../../../drivers/printer/receipt-encoder';
import { layoutReceipt } from '../../../drivers/printer/receipt-layout';
import { textColumns } from '../../../drivers/printer/text-columns';
import { RASTER_FONT, sampleReceipt } from './fixtures';

const opts = { paperWidth: 58, fontCoverage: 'gbk' } as const;

describe('receipt encoder (golden bytes)', () => {
  it('frames a job: initialise, Chinese mode, text as GB18030, feed and cut', () => {
    const { bytes } = encodeReceipt([{ kind: 'text', text: 'A中', align: 'center', bold: true }], opts);
    expect(bytes.toString('hex')).toBe(
      '1b40' + '1c26' + '1b32' + '1b6101' + '1b4501' + '41d6d0' + '0a' + '1b4500' + '1b6100' + '1d564200',
    );
  });

  it('double size text is switched on and back off around the line', () => {
    const { bytes } = encodeReceipt([{ kind: 'text', text: '回执', align: 'left', size: 2 }], opts);
    expect(bytes.toString('hex')).toBe(
      '1b401c261b32' + '1b6100' + '1d2111' + 'bbd8d6b4' + '0a' + '1d2100' + '1b6100' + '1d564200',
    );
  });

  it('QR block stores the UTF-8 bytes with their true length', () => {
    const { bytes } = encodeReceipt([{ kind: 'qr', content: '身份核验', moduleSize: 6, errorCorrection: 'M' }], opts);
    expect(bytes.toString('hex')).toBe(
      '1b401c261b32' +
        '1b6101' +
        '1d286b040031413200' +
        '1d286b0300314306' +
        '1d286b0300314531' +
        '1d286b0f00315030e8baabe4bbbde6a0b8e9aa8c' +
        '1d286b0300315130' +
        '0a' +
        '1b6100' +
        '1d564200',
    );
  });

  it('without a raster font, characters outside the font become a visible □', () => {
    const r = encodeReceipt([{ kind: 'text', text: '张䶮', align: 'left' }], opts);
    expect(r.placeholders).toBe(1);
    expect(r.rasterLines).toBe(0);
    expect(r.bytes.includes(Buffer.from('d5c5a1f5', 'hex'))).toBe(true);
    expect(PLACEHOLDER).toBe('□');
  });

  it('with a raster font, a line holding 䶮 under GBK coverage is sent as one GS v 0 image', () => {
    const r = encodeReceipt([{ kind: 'text', text: '张䶮', align: 'left' }], {
      ...opts,
      rasteriser: new GlyphRasteriser(RASTER_FONT),
    });
    expect(r.rasterLines).toBe(1);
    expect(r.placeholders).toBe(0);
    // 384 dots = 48 bytes per row, 24-dot glyph row + 6 rows of line spacing
    expect(r.bytes.indexOf(Buffer.from('1d7630003000' + '1e00', 'hex'))).toBeGreaterThan(0);
    expect(r.bytes.includes(Buffer.from('fe9f', 'hex'))).toBe(false);
  });

  it('the same line goes out as text on a GB18030 printer', () => {
    const r = encodeReceipt([{ kind: 'text', text: '张䶮', align: 'left' }], {
      paperWidth: 58,
      fontCoverage: 'gb18030',
    });
    expect(r.rasterLines).toBe(0);
    expect(r.bytes.includes(Buffer.from('d5c5fe9f', 'hex'))).toBe(true);
  });

  it('laid-out receipts fit the paper: every text line within 32 / 48 columns', () => {
    for (const [paper, cols] of [
      [58, 32],
      [80, 48],
    ] as const) {
      const lines = layoutReceipt(
        sampleReceipt({ agentName: '李*', platformNumber: 'HN2026112200001234', notes: ['请带户口簿'] }),
        paper,
      );
      for (const l of lines)
        if (l.kind === 'text') expect(textColumns(l.text) * (l.size ?? 1)).toBeLessThanOrEqual(cols);
    }
  });
});
