import { describe, expect, it } from 'vitest';
import { LineFramer } from '../../../drivers/scanner/line-framer';

const text = (frames: Uint8Array[]): string[] => frames.map((f) => Buffer.from(f).toString());

describe('LineFramer', () => {
  it('splits on CR, LF and CR LF, across chunk boundaries', () => {
    const framer = new LineFramer();
    expect(text(framer.push(Buffer.from('abc\r')))).toEqual(['abc']);
    expect(text(framer.push(Buffer.from('\ndef\nghi\r\n\r\n')))).toEqual(['def', 'ghi']);
    expect(text(framer.push(Buffer.from('jk')))).toEqual([]);
    expect(framer.pending).toBe(true);
    expect(text(framer.push(Buffer.from('l\r')))).toEqual(['jkl']);
    expect(framer.pending).toBe(false);
  });

  it('flushes an unterminated frame once', () => {
    const framer = new LineFramer();
    framer.push(Buffer.from('tail'));
    expect(Buffer.from(framer.flush()!).toString()).toBe('tail');
    expect(framer.flush()).toBeNull();
  });

  it('drops an oversized frame and keeps the next', () => {
    const framer = new LineFramer(4);
    expect(text(framer.push(Buffer.from('toolong\rok\r')))).toEqual(['ok']);
  });
});
