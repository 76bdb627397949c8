import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deframer } from '../../../drivers/idcard/deframer';
import { encodeFrame, MAX_LEN, xorChecksum } from '../../../drivers/idcard/frame';
import { readPayload } from '../../../drivers/sim/idcard-simulator';
import { sampleCard } from '../../../drivers/sim/sample-cards';

const status = (sw3: number) => encodeFrame(Uint8Array.of(0, 0, sw3));
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const bodies = (d: Deframer, bytes: Uint8Array) => d.push(bytes).map((f) => Array.from(f.body));

/**
 * An emitted body is only legitimate if the input held it as a complete frame with a correct
 * Len and checksum: re-encode it and look for those exact bytes in the stream.
 */
function assertValid(body: Uint8Array, stream: Uint8Array) {
  const frame = encodeFrame(body);
  expect(frame.length - 7).toBeLessThanOrEqual(MAX_LEN);
  expect(xorChecksum(frame, 5, frame.length - 1)).toBe(frame[frame.length - 1]);
  expect(Buffer.from(stream).indexOf(Buffer.from(frame))).toBeGreaterThanOrEqual(0);
}

describe('Deframer', () => {
  it('emits one frame delivered byte by byte', () => {
    const d = new Deframer();
    const frame = status(0x90);
    const out: number[][] = [];
    for (const b of frame) out.push(...bodies(d, Uint8Array.of(b)));
    expect(out).toEqual([[0, 0, 0x90]]);
    expect(d.bufferedBytes).toBe(0);
  });

  it('emits a 1295-byte read answer delivered in 7-byte fragments', () => {
    const d = new Deframer();
    const frame = encodeFrame(cat(Uint8Array.of(0, 0, 0x90), readPayload(sampleCard('resident-long-term'), false)));
    let got = 0;
    for (let i = 0; i < frame.length; i += 7) got += d.push(frame.subarray(i, i + 7)).length;
    expect(got).toBe(1);
  });

  it('skips garbage before the preamble, including a partial preamble', () => {
    const d = new Deframer();
    const noise = Uint8Array.of(0x00, 0xaa, 0xaa, 0x13, 0xaa, 0xaa, 0xaa, 0x96, 0x11);
    expect(bodies(d, cat(noise, status(0x80)))).toEqual([[0, 0, 0x80]]);
    expect(d.stats.garbageBytes).toBeGreaterThan(0);
  });

  it('drops a frame with a bad checksum and finds the next one', () => {
    const d = new Deframer();
    const bad = status(0x90);
    bad[bad.length - 1]! ^= 1;
    expect(bodies(d, cat(bad, status(0x9f)))).toEqual([[0, 0, 0x9f]]);
    expect(d.stats.badChecksum).toBe(1);
  });

  it('resynchronises after a truncated frame swallowed the start of the next', () => {
    const d = new Deframer();
    const big = encodeFrame(cat(Uint8Array.of(0, 0, 0x90), readPayload(sampleCard('resident-long-term'), false)));
    const truncated = big.subarray(0, 1293);
    // The truncated frame claims 1288 more bytes; they arrive as valid short frames.
    const followers = Array.from({ length: 200 }, () => status(0x80));
    const out = d.push(cat(truncated, ...followers));
    expect(d.stats.badChecksum).toBe(1);
    expect(out.length).toBeGreaterThan(0);
    for (const f of out) expect(Array.from(f.body)).toEqual([0, 0, 0x80]);
  });

  it('rejects an oversized or zero length without waiting for it', () => {
    const d = new Deframer();
    const huge = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, 1, 2, 3);
    const zero = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x00);
    expect(bodies(d, cat(huge, zero, status(0x90)))).toEqual([[0, 0, 0x90]]);
    expect(d.stats.badLength).toBe(2);
  });

  it('reset() drops a frame that will never complete', () => {
    const d = new Deframer();
    d.push(status(0x90).subarray(0, 6));
    expect(d.bufferedBytes).toBe(6);
    d.reset();
    expect(bodies(d, status(0x81))).toEqual([[0, 0, 0x81]]);
  });
});

describe('Deframer properties', () => {
  const body = fc.uint8Array({ minLength: 3, maxLength: 300 });
  const chunking = fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 });

  function pushInChunks(d: Deframer, bytes: Uint8Array, sizes: number[]) {
    const out: Uint8Array[] = [];
    let i = 0;
    let k = 0;
    while (i < bytes.length) {
      const n = sizes[k++ % sizes.length]!;
      for (const f of d.push(bytes.subarray(i, i + n))) out.push(f.body);
      i += n;
    }
    return out;
  }

  it('random bytes never throw and never yield an invalid frame', () => {
    // Random streams seeded with preambles so the length/checksum paths are exercised too.
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.uint8Array({ maxLength: 60 }), fc.constant(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00))),
          { maxLength: 80 },
        ),
        chunking,
        (parts, sizes) => {
          const bytes = cat(...parts);
          const d = new Deframer();
          for (const b of pushInChunks(d, bytes, sizes)) assertValid(b, bytes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('valid frames survive any fragmentation and interleaved noise without a preamble', () => {
    const noise = fc.uint8Array({ maxLength: 40 }).map((n) => n.map((b) => (b === 0xaa ? 0x55 : b)));
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, body), { minLength: 1, maxLength: 20 }), chunking, (items, sizes) => {
        const d = new Deframer();
        const stream = cat(...items.flatMap(([n, b]) => [n, encodeFrame(b)]));
        const got = pushInChunks(d, stream, sizes).map((b) => Array.from(b));
        expect(got).toEqual(items.map(([, b]) => Array.from(b)));
      }),
      { numRuns: 200 },
    );
  });

  it('corrupted, truncated and oversized-length frames never produce a bad frame', () => {
    const damaged = fc
      .tuple(body, fc.constantFrom('flip', 'truncate', 'length', 'ok'), fc.nat(), fc.integer({ min: 1, max: 255 }))
      .map(([b, how, pos, mask]) => {
        const f = encodeFrame(b);
        if (how === 'flip') {
          const i = 5 + (pos % (f.length - 5));
          f[i]! ^= mask;
          return f;
        }
        if (how === 'truncate') return f.subarray(0, 7 + (pos % (f.length - 7)));
        if (how === 'length') {
          f[5] = 0x0a + (pos % 0xf5);
          return f;
        }
        return f;
      });
    fc.assert(
      fc.property(fc.array(damaged, { minLength: 1, maxLength: 30 }), chunking, (frames, sizes) => {
        const d = new Deframer();
        const stream = cat(...frames);
        for (const b of pushInChunks(d, stream, sizes)) assertValid(b, stream);
        expect(d.bufferedBytes).toBeLessThanOrEqual(MAX_LEN + 7 + 97);
      }),
      { numRuns: 300 },
    );
  });

  it('processes 100k frames with noise in a bounded buffer and bounded heap', () => {
    const d = new Deframer();
    const frames = [status(0x90), status(0x80), encodeFrame(Uint8Array.of(0, 0, 0x9f, 0, 0, 0, 0))];
    const bad = status(0x90);
    bad[bad.length - 1]! ^= 0xff;
    const noise = Uint8Array.of(0x13, 0xaa, 0x00);
    const block = cat(
      ...Array.from({ length: 1000 }, (_, i) =>
        cat(frames[i % 3]!, i % 10 === 0 ? cat(noise, bad) : new Uint8Array(0)),
      ),
    );
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let count = 0;
    let maxCapacity = 0;
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < block.length; i += 61) {
        count += d.push(block.subarray(i, i + 61)).length;
        maxCapacity = Math.max(maxCapacity, d.capacity);
      }
    }
    globalThis.gc?.();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(count).toBe(100_000);
    expect(d.stats.badChecksum).toBe(100 * 100);
    expect(maxCapacity).toBeLessThanOrEqual(4096);
    expect(d.bufferedBytes).toBe(0);
    // Emitted frames are garbage once dropped; allow slack for GC timing, not for a leak per frame.
    expect(heapGrowth).toBeLessThan(20 * 1024 * 1024);
  });
});
