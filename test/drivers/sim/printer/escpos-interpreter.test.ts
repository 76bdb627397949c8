import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GlyphRasteriser } from '../../../../drivers/printer/glyph-rasteriser';
import type { ReceiptData } from '../../../../drivers/printer/receipt-data';
import type { PaperWidth } from '../../../../drivers/printer/receipt-document';
import { encodeReceipt } from '../../../../drivers/printer/receipt-encoder';
import { layoutReceipt } from '../../../../drivers/printer/receipt-layout';
import { EscPosInterpreter, type RenderedReceipt } from '../../../../drivers/sim/escpos-interpreter';
import { RASTER_FONT, sampleReceipt } from '../../printer/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'cz-interp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rasteriser = new GlyphRasteriser(RASTER_FONT);

function roundTrip(r: ReceiptData, paper: PaperWidth = 58, coverage: 'gbk' | 'gb18030' = 'gbk'): RenderedReceipt[] {
  const { bytes } = encodeReceipt(layoutReceipt(r, paper), { paperWidth: paper, fontCoverage: coverage, rasteriser });
  const interp = new EscPosInterpreter({
    paperDots: paper === 58 ? 384 : 576,
    fontCoverage: coverage,
    fontPath: RASTER_FONT,
  });
  const out: RenderedReceipt[] = [];
  interp.onReceipt = (x) => out.push(x);
  // Feed in awkward pieces: commands and GB18030 characters split across reads.
  for (let i = 0; i < bytes.length; i += 7) interp.feed(bytes.subarray(i, i + 7));
  return out;
}

function zbar(png: Buffer): string[] {
  const file = join(dir, `qr-${Math.random().toString(36).slice(2)}.png`);
  writeFileSync(file, png);
  const out = execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l.length > 0);
}

describe('encoder → interpreter round trip', () => {
  it.each([58, 80] as const)('Chinese text in the transcript equals the input (%i mm)', (paper) => {
    const r = sampleReceipt({
      agentName: '赵*',
      platformNumber: 'HN-2026-0001',
      clockTrusted: false,
      reprint: true,
      notes: ['请于三个工作日内补交户口簿复印件'],
    });
    const [rec, ...more] = roundTrip(r, paper);
    expect(more).toHaveLength(0);
    expect(rec!.unknownCommands).toEqual([]);
    expect(rec!.missingGlyphs).toBe(0);
    const flat = rec!.lines.join('').replaceAll(' ', '');
    for (const v of [
      r.stationName,
      r.serviceName,
      r.localNumber,
      'HN-2026-0001',
      r.maskedIdNumber,
      r.maskedName,
      '赵*',
      r.hotline,
      '补打',
      '终端时间未校准',
      '请于三个工作日内补交户口簿复印件',
    ])
      expect(flat).toContain(v);
    expect(rec!.lines[0]).toBe('受理回执（补打）');
  });

  it.each([58, 80] as const)('the QR on the PNG decodes (zbarimg) to exactly the encoded content (%i mm)', (paper) => {
    const content = 'https://cz.example/p/4301210001-20261122-0007?站=石塘村';
    const [rec] = roundTrip(sampleReceipt({ qrContent: content }), paper);
    expect(rec!.qrContents).toEqual([content]);
    expect(zbar(rec!.png)).toEqual([content]);
  });

  it('rare-character names (䶮, 𠈌) under GBK coverage come out as raster glyphs, not text', () => {
    const { placeholders, rasterLines } = encodeReceipt(layoutReceipt(sampleReceipt({ maskedName: '䶮𠈌' }), 58), {
      paperWidth: 58,
      fontCoverage: 'gbk',
      rasteriser,
    });
    expect(rasterLines).toBe(1);
    // wqy-zenhei has 䶮 (Ext-A) but not 𠈌 (Ext-B): that one is a crossed box inside the image
    expect(placeholders).toBe(1);
    const [rec] = roundTrip(sampleReceipt({ maskedName: '䶮𠈌' }));
    expect(rec!.rasterRegions).toHaveLength(1);
    const region = rec!.rasterRegions[0]!;
    expect(region.width).toBe(384);
    expect(region.ink).toBeGreaterThan(150);
    const nameLine = rec!.lines.findIndex((l) => l.startsWith('[raster'));
    expect(rec!.lines[nameLine - 1]).toBe('4301210001-20261122-0007');
    expect(rec!.lines[nameLine + 1]).toContain('证件号码');
    expect(rec!.transcript).not.toContain('䶮');
    expect(rec!.missingGlyphs).toBe(0);
  });

  it('on a GB18030 printer 䶮 prints as text and only 𠈌 (4 bytes) is raster', () => {
    const [a] = roundTrip(sampleReceipt({ maskedName: '䶮*' }), 58, 'gb18030');
    expect(a!.rasterRegions).toHaveLength(0);
    expect(a!.transcript).toContain('䶮*');
    const [b] = roundTrip(sampleReceipt({ maskedName: '𠈌*' }), 58, 'gb18030');
    expect(b!.rasterRegions).toHaveLength(1);
  });

  it('CODE128 data and raster images survive the trip', () => {
    const interp = new EscPosInterpreter({ paperDots: 384, fontCoverage: 'gbk', fontPath: RASTER_FONT });
    const out: RenderedReceipt[] = [];
    interp.onReceipt = (x) => out.push(x);
    interp.feed(encodeReceipt([{ kind: 'barcode', data: 'CZ-{7}' }], { paperWidth: 58, fontCoverage: 'gbk' }).bytes);
    expect(out[0]!.barcodes).toEqual(['CZ-{7}']);
    expect(zbar(out[0]!.png)).toEqual(['CZ-{7}']);
  });
});

describe('hostile text cannot inject commands or break the layout', () => {
  const hostile = [
    '\x1b@\x1dV\x00',
    '\x10\x04\x01',
    '\x1d(k\x03\x001Q0',
    'A\nB\rC\tD\x0cE',
    '\u202e反转\u2028分行\u0085',
    '😀🙈👨‍👩‍👧',
    '\ud800孤立代理',
    '𠈌'.repeat(40),
    '长'.repeat(5000) + 'x'.repeat(5000),
  ];

  it.each(hostile.map((h, i) => [i, h] as const))('case %i', (_i, h) => {
    const r = sampleReceipt({
      stationName: h,
      serviceName: h,
      maskedName: h,
      agentName: h,
      notes: [h],
      hotline: h,
      qrContent: `CZ1:${h}`,
    });
    const out = roundTrip(r);
    expect(out).toHaveLength(1);
    const rec = out[0]!;
    expect(rec.unknownCommands).toEqual([]);
    expect(rec.lines[0]).toBe('受理回执');
    expect(rec.lines.filter((l) => l.startsWith('-'))).toHaveLength(3);
    expect(rec.qrContents).toHaveLength(1);
    for (const l of rec.lines) if (!l.startsWith('[')) expect(Array.from(l).length).toBeLessThanOrEqual(32);
    expect(rec.lines.length).toBeLessThan(120);
  });

  it('any string in any field (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 100 }),
        (a, b) => {
          const out = roundTrip(sampleReceipt({ serviceName: a, maskedName: b, notes: [a + b], qrContent: b || 'x' }));
          expect(out).toHaveLength(1);
          expect(out[0]!.unknownCommands).toEqual([]);
          expect(out[0]!.lines[0]).toBe('受理回执');
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('interpreter robustness', () => {
  it('never throws on arbitrary bytes and reports what it did not understand', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const interp = new EscPosInterpreter({ paperDots: 384, fontCoverage: 'gb18030', fontPath: RASTER_FONT });
        interp.feed(Buffer.from(bytes));
        interp.feed(Buffer.from([0x0a, 0x1d, 0x56, 0x00]));
      }),
      { numRuns: 200 },
    );
  });

  it('counts a receipt’s bytes including its cut', () => {
    const interp = new EscPosInterpreter({ paperDots: 384, fontCoverage: 'gbk', fontPath: RASTER_FONT });
    const out: RenderedReceipt[] = [];
    interp.onReceipt = (x) => out.push(x);
    const { bytes } = encodeReceipt([{ kind: 'text', text: '测试', align: 'left' }], {
      paperWidth: 58,
      fontCoverage: 'gbk',
    });
    interp.feed(Buffer.concat([bytes, bytes]));
    expect(out.map((r) => r.bytes)).toEqual([bytes.length, bytes.length]);
    expect(out.map((r) => r.lines)).toEqual([['测试'], ['测试']]);
  });
});
