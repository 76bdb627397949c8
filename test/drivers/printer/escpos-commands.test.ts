import { describe, expect, it } from 'vitest';
import * as cmd from '../../../drivers/printer/escpos-commands';
import { encodeGb18030 } from '../../../drivers/printer/font-coverage';

const hex = (b: Buffer): string => b.toString('hex');

describe('ESC/POS command bytes (golden)', () => {
  it('frames and modes', () => {
    expect(hex(cmd.initialise())).toBe('1b40');
    expect(hex(cmd.chineseModeOn())).toBe('1c26');
    expect(hex(cmd.chineseModeOff())).toBe('1c2e');
    expect(hex(cmd.align('center'))).toBe('1b6101');
    expect(hex(cmd.align('right'))).toBe('1b6102');
    expect(hex(cmd.bold(true))).toBe('1b4501');
    expect(hex(cmd.characterSize(2, 2))).toBe('1d2111');
    expect(hex(cmd.characterSize(2, 1))).toBe('1d2110');
    expect(hex(cmd.lineSpacing(40))).toBe('1b3328');
    expect(hex(cmd.feedLines(3))).toBe('1b6403');
    expect(hex(cmd.feedAndCut(0))).toBe('1d564200');
    expect(hex(cmd.realTimeStatus(4))).toBe('100404');
    expect(hex(cmd.transmitPaperStatus())).toBe('1d7201');
  });

  it('QR functions 165/167/169/181', () => {
    expect(hex(cmd.qrModel2())).toBe('1d286b040031413200');
    expect(hex(cmd.qrModuleSize(6))).toBe('1d286b0300314306');
    expect(hex(cmd.qrErrorCorrection('M'))).toBe('1d286b0300314531');
    expect(hex(cmd.qrPrint())).toBe('1d286b0300315130');
  });

  it('QR store length counts encoded bytes, not characters (身份核验: UTF-8 12 bytes → 0F 00)', () => {
    expect(hex(cmd.qrStore(Buffer.from('身份核验', 'utf8')))).toBe('1d286b0f00315030' + 'e8baabe4bbbde6a0b8e9aa8c');
    expect(hex(cmd.qrStore(encodeGb18030('身份核验')))).toBe('1d286b0b00315030c9edb7ddbacbd1e9');
    const big = Buffer.alloc(300, 0x41);
    expect(hex(cmd.qrStore(big).subarray(0, 8))).toBe('1d286b2f01315030');
  });

  it('CODE128 in code set B, braces doubled', () => {
    expect(hex(cmd.code128('A{1'))).toBe('1d6b4906' + '7b42417b7b31');
    expect(() => cmd.code128('a\x1bb')).toThrow(RangeError);
  });

  it('GS v 0 raster in bands of at most 255 rows', () => {
    const rows = 300;
    const img = cmd.rasterImage(new Uint8Array(2 * rows), 2, rows);
    expect(hex(img.subarray(0, 8))).toBe('1d76300002 00ff00'.replaceAll(' ', ''));
    const second = 8 + 2 * 255;
    expect(hex(img.subarray(second, second + 8))).toBe('1d7630000200' + '2d00');
    expect(img.length).toBe(16 + 2 * rows);
  });

  it('raster data never carries a DLE EOT sequence', () => {
    const img = cmd.rasterImage(Uint8Array.from([0x10, 0x04, 0x10, 0x04]), 4, 1);
    expect(hex(img.subarray(8))).toBe('10001000');
  });

  it('rejects out-of-range parameters instead of emitting stray bytes', () => {
    expect(() => cmd.characterSize(9, 1)).toThrow(RangeError);
    expect(() => cmd.qrModuleSize(0)).toThrow(RangeError);
    expect(() => cmd.qrStore(new Uint8Array(0))).toThrow(RangeError);
  });
});
