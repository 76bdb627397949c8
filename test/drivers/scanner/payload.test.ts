import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, payloadFromBytes, payloadFromText, stripControls } from '../../../drivers/scanner/payload';

describe('payload', () => {
  it('decodes valid UTF-8 as UTF-8 and strips a BOM', () => {
    expect(decodeBytes(new TextEncoder().encode('回执 CZR1:A'))).toEqual({ text: '回执 CZR1:A', encoding: 'utf-8' });
    expect(decodeBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ text: 'A', encoding: 'utf-8' });
  });

  it('falls back to GB18030 for GBK and GB18030-only bytes', () => {
    expect(decodeBytes(iconv.encode('村级便民服务站', 'gbk'))).toEqual({ text: '村级便民服务站', encoding: 'gb18030' });
    // U+20BB7 𠮷 needs four-byte GB18030.
    expect(decodeBytes(iconv.encode('𠮷村', 'gb18030')).text).toBe('𠮷村');
  });

  it('strips C0/C1 controls, DEL and invisible reordering characters', () => {
    expect(stripControls('a\u0000b\u001bc\u007fd\u0085e\u202ef\u2066g\u200bh\ufeffi\r\n')).toBe('abcdefghi');
    expect(payloadFromText('\u001b[2J12345\u0007')).toEqual({
      ok: true,
      value: { text: '[2J12345', encoding: 'text' },
    });
  });

  it('rejects empty and oversized payloads with stable codes', () => {
    const empty = payloadFromBytes(Uint8Array.from([0x0d, 0x0a, 0x00]));
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.code).toBe('payload_empty');
    const tooManyBytes = payloadFromBytes(new Uint8Array(3001).fill(0x41));
    expect(tooManyBytes.ok ? null : tooManyBytes.error.code).toBe('payload_too_long');
    const tooManyChars = payloadFromText('村'.repeat(1025));
    expect(tooManyChars.ok ? null : tooManyChars.error.code).toBe('payload_too_long');
    expect(payloadFromText('村'.repeat(1024)).ok).toBe(true);
  });

  it('honours custom limits', () => {
    expect(payloadFromText('abcdef', { maxBytes: 100, maxChars: 5 }).ok).toBe(false);
    expect(payloadFromBytes(new Uint8Array(10).fill(0x31), { maxBytes: 9, maxChars: 100 }).ok).toBe(false);
  });
});
