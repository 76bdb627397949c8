import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { payloadFromBytes } from '../../../drivers/scanner/payload';
import { PosDecoder, encodePosReports } from '../../../drivers/scanner/pos-decoder';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function decodeAll(reports: readonly Uint8Array[], decoder = new PosDecoder()): Uint8Array[] {
  return reports.flatMap((r) => {
    const code = decoder.push(r);
    return code ? [code.bytes] : [];
  });
}

describe('PosDecoder', () => {
  it('reads a single report: length, AIM id, data, Honeywell code id', () => {
    const [r] = encodePosReports(utf8('CZR1:ABC-000123'));
    const code = new PosDecoder().push(r!);
    expect(code).not.toBeNull();
    expect(Buffer.from(code!.bytes).toString()).toBe('CZR1:ABC-000123');
    expect(code!.aim).toBe(']Q1');
    expect(code!.symbology).toBe('qr');
  });

  it('builds a hand-written report with the layout from the reference', () => {
    const r = new Uint8Array(64);
    r.set([0x02, 3, 0x5d, 0x45, 0x30, 0x31, 0x32, 0x33], 0); // id 2, 3 bytes, "]E0", "123"
    r[61] = 0x64; // payload[60]: EAN-13
    expect(Buffer.from(new PosDecoder().push(r)!.bytes).toString()).toBe('123');
    expect(new PosDecoder().push(r)!.symbology).toBe('ean13');
  });

  it('concatenates continuation reports (byte 62 set)', () => {
    const long = 'CZE1:' + 'x'.repeat(300);
    const reports = encodePosReports(utf8(long));
    expect(reports.length).toBeGreaterThan(5);
    const decoder = new PosDecoder();
    for (const r of reports.slice(0, -1)) expect(decoder.push(r)).toBeNull();
    expect(Buffer.from(decoder.push(reports.at(-1)!)!.bytes).toString()).toBe(long);
  });

  it('handles devices that put "]" at byte 2', () => {
    const reports = encodePosReports(utf8('hello-世界'), { aimAt: 2 });
    expect(reports[0]![3]).toBe(0x5d);
    expect(decodeAll(reports).map((b) => Buffer.from(b).toString())).toEqual(['hello-世界']);
  });

  it('keeps UTF-8 and GBK bytes intact for the payload decoder', () => {
    const gbk = iconv.encode('村级便民服务站:张三', 'gbk');
    const [fromGbk] = decodeAll(encodePosReports(gbk));
    const [fromUtf8] = decodeAll(encodePosReports(utf8('村级便民服务站:张三')));
    expect(payloadFromBytes(fromGbk!)).toEqual({
      ok: true,
      value: { text: '村级便民服务站:张三', encoding: 'gb18030' },
    });
    expect(payloadFromBytes(fromUtf8!)).toEqual({
      ok: true,
      value: { text: '村级便民服务站:张三', encoding: 'utf-8' },
    });
  });

  it('strips a trailing CR / LF suffix', () => {
    expect(decodeAll(encodePosReports(utf8('12345\r\n'))).map((b) => Buffer.from(b).toString())).toEqual(['12345']);
  });

  it('ignores other report ids, reports without AIM id, and empty codes', () => {
    const [r] = encodePosReports(utf8('abc'));
    const other = r!.slice();
    other[0] = 0x01;
    const noAim = r!.slice();
    noAim[2] = 0x41;
    noAim[3] = 0x41;
    const empty = encodePosReports(new Uint8Array(0));
    expect(decodeAll([other, noAim, ...empty, Uint8Array.of(2, 1)])).toEqual([]);
  });

  it('never reads data past the trailer even when the length byte lies', () => {
    const [r] = encodePosReports(utf8('abc'));
    r![1] = 255;
    const bytes = new PosDecoder().push(r!)!.bytes;
    expect(bytes.length).toBe(56);
  });

  it('drops a code that exceeds maxBytes and recovers for the next one', () => {
    const decoder = new PosDecoder({ maxBytes: 100 });
    expect(decodeAll(encodePosReports(utf8('y'.repeat(200))), decoder)).toEqual([]);
    expect(decodeAll(encodePosReports(utf8('ok')), decoder).map((b) => Buffer.from(b).toString())).toEqual(['ok']);
  });
});
