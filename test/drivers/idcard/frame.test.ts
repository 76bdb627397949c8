import { describe, expect, it } from 'vitest';
import { commandFrame, COMMANDS } from '../../../drivers/idcard/commands';
import { encodeCommand, encodeFrame, parseWholeFrame, xorChecksum } from '../../../drivers/idcard/frame';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((b) => parseInt(b, 16)),
  );

describe('command frames', () => {
  // Frames as printed in the vendor copies of the SAM protocol (recomputed from the XOR rule).
  const expected: [keyof typeof COMMANDS, string][] = [
    ['resetSam', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['samStatus', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['findCard', 'AA AA AA 96 69 00 03 20 01 22'],
    ['selectCard', 'AA AA AA 96 69 00 03 20 02 21'],
    ['readBase', 'AA AA AA 96 69 00 03 30 01 32'],
    ['readAppendedAddress', 'AA AA AA 96 69 00 03 30 03 30'],
    ['readWithFingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
  ];
  it.each(expected)('%s encodes to the documented bytes', (name, bytes) => {
    expect(commandFrame(COMMANDS[name])).toEqual(hex(bytes));
  });

  it('puts data after CMD/Para and counts it in Len', () => {
    expect(encodeCommand(0x61, 0xff, Uint8Array.of(0x50))).toEqual(hex('AA AA AA 96 69 00 04 61 FF 50 CA'));
  });
});

describe('whole-frame parsing', () => {
  it('accepts the documented SAM answers', () => {
    for (const f of [
      'AA AA AA 96 69 00 04 00 00 90 94',
      'AA AA AA 96 69 00 04 00 00 60 64',
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
      'AA AA AA 96 69 00 04 00 00 80 84',
      'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
      'AA AA AA 96 69 00 04 00 00 81 85',
      'AA AA AA 96 69 00 04 00 00 41 45',
    ]) {
      const bytes = hex(f);
      const parsed = parseWholeFrame(bytes);
      expect(parsed, f).not.toBeNull();
      expect(parsed!.body).toEqual(bytes.slice(7, -1));
    }
  });

  it('rejects a bad checksum, a wrong length, a wrong preamble and a stub', () => {
    expect(parseWholeFrame(hex('AA AA AA 96 69 00 04 00 00 90 95'))).toBeNull();
    expect(parseWholeFrame(hex('AA AA AA 96 69 00 05 00 00 90 94'))).toBeNull();
    expect(parseWholeFrame(hex('AA AA AB 96 69 00 04 00 00 90 94'))).toBeNull();
    expect(parseWholeFrame(hex('AA AA AA 96 69 00'))).toBeNull();
  });

  it('round-trips any body through encodeFrame', () => {
    const body = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
    const frame = encodeFrame(body);
    expect(frame.length).toBe(7 + body.length + 1);
    expect(frame[frame.length - 1]).toBe(xorChecksum(frame, 5, frame.length - 1));
    expect(parseWholeFrame(frame)!.body).toEqual(body);
  });
});
