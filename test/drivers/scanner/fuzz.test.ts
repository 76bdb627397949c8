import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeHidBackend } from '../../../drivers/scanner/fake-hid';
import { HidScanner } from '../../../drivers/scanner/hid-scanner';
import { LineFramer } from '../../../drivers/scanner/line-framer';
import { payloadFromBytes, payloadFromText } from '../../../drivers/scanner/payload';
import { PosDecoder, encodePosReports } from '../../../drivers/scanner/pos-decoder';
import { WedgeDecoder } from '../../../drivers/scanner/wedge-decoder';
import { encodeWedge } from '../../../drivers/scanner/wedge-encoder';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const keyReport = fc
  .tuple(
    fc.integer({ min: 0, max: 255 }),
    fc.array(fc.oneof(fc.integer({ min: 0, max: 0x67 }), fc.integer({ min: 0, max: 255 })), {
      minLength: 0,
      maxLength: 8,
    }),
  )
  .map(([mod, keys]) => Uint8Array.from([mod, 0, ...keys]));

describe('scanner decoders under random input', () => {
  it('wedge: random report streams never throw and never yield control characters', () => {
    fc.assert(
      fc.property(
        fc.array(keyReport, { maxLength: 200 }),
        fc.constantFrom<'unicode' | 'gbk'>('unicode', 'gbk'),
        (reports, altCodes) => {
          const decoder = new WedgeDecoder({ altCodes });
          const codes = reports.flatMap((r) => decoder.push(r));
          const tail = decoder.flush();
          for (const code of tail ? [...codes, tail] : codes) {
            const payload = payloadFromText(code);
            if (payload.ok) expect(payload.value.text).not.toMatch(CONTROL);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('wedge: any text round-trips through encoder and decoder', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !/[\t\n\r]/.test(s)),
        (text) => {
          const decoder = new WedgeDecoder();
          const codes = encodeWedge(text).flatMap((r) => decoder.push(r));
          expect(codes).toEqual([text]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('POS: random reports never throw; decoded payloads have no control characters', () => {
    const posReport = fc.uint8Array({ minLength: 0, maxLength: 70 }).map((r) => {
      if (r.length > 0 && r[0]! % 2 === 0) r[0] = 0x02; // often the scanned-data report id
      if (r.length > 2 && r[1]! % 2 === 0) r[2] = 0x5d;
      return r;
    });
    fc.assert(
      fc.property(fc.array(posReport, { maxLength: 50 }), (reports) => {
        const decoder = new PosDecoder();
        for (const r of reports) {
          const code = decoder.push(r);
          if (!code) continue;
          const payload = payloadFromBytes(code.bytes);
          if (payload.ok) expect(payload.value.text).not.toMatch(CONTROL);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('POS: any bytes round-trip through the report encoder', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 600 }).filter((b) => b.at(-1) !== 0x0d && b.at(-1) !== 0x0a),
        fc.constantFrom<1 | 2>(1, 2),
        (bytes, aimAt) => {
          const decoder = new PosDecoder();
          const out = encodePosReports(bytes, { aimAt })
            .map((r) => decoder.push(r))
            .filter((c) => c !== null);
          expect(out).toHaveLength(1);
          expect(Buffer.from(out[0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('serial: random byte chunks never throw and frames decode without control characters', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 30 }), (chunks) => {
        const framer = new LineFramer(256);
        const frames = chunks.flatMap((c) => framer.push(c));
        const tail = framer.flush();
        for (const frame of tail ? [...frames, tail] : frames) {
          const payload = payloadFromBytes(frame);
          if (payload.ok) expect(payload.value.text).not.toMatch(CONTROL);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('HidScanner: random reports on a wedge or POS device only ever emit clean, bounded text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(keyReport, fc.uint8Array({ minLength: 0, maxLength: 64 })), { maxLength: 80 }),
        fc.boolean(),
        async (reports, pos) => {
          const backend = new FakeHidBackend();
          const device = backend.plug({
            path: 'x',
            vendorId: 0x0c2e,
            productId: 1,
            usagePage: pos ? 0x8c : 1,
            usage: pos ? 2 : 6,
          });
          const scanner = new HidScanner({ mode: 'auto', pollMs: 60_000, idleFlushMs: 1 }, backend);
          const texts: string[] = [];
          scanner.on('scan', (s) => texts.push(s.text));
          await scanner.start();
          device.send(reports);
          await new Promise((resolve) => setTimeout(resolve, 3));
          await scanner.stop();
          for (const text of texts) {
            expect(text).not.toMatch(CONTROL);
            expect(text.length).toBeGreaterThan(0);
            expect([...text].length).toBeLessThanOrEqual(1024);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
