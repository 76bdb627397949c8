import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Deframer } from '../../../drivers/idcard/deframer';
import { encodeCommand, type Frame } from '../../../drivers/idcard/frame';
import { IdCardSimulator } from '../../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../../drivers/sim/pty-pair';
import { sampleCard } from '../../../drivers/sim/sample-cards';

let pair: PtyPair;
let sim: IdCardSimulator;
let host: SerialPort;
let frames: Frame[];
let raw: number;

beforeEach(async () => {
  pair = await PtyPair.open();
  sim = new IdCardSimulator({ pair });
  await sim.open();
  host = new SerialPort({ path: pair.hostPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((res, rej) => host.open((e) => (e ? rej(e) : res())));
  const deframer = new Deframer();
  frames = [];
  raw = 0;
  host.on('data', (d: Buffer) => {
    raw += d.length;
    frames.push(...deframer.push(d));
  });
});

afterEach(async () => {
  if (host.isOpen) await new Promise((r) => host.close(r));
  await sim.close();
  await pair.close();
});

async function ask(cmd: number, para: number, count = 1): Promise<Frame> {
  const before = frames.length;
  host.write(Buffer.from(encodeCommand(cmd, para)));
  for (let i = 0; i < 200 && frames.length < before + count; i++) await new Promise((r) => setTimeout(r, 10));
  const f = frames[before + count - 1];
  if (!f) throw new Error('no answer');
  return f;
}

describe('IdCardSimulator', () => {
  it('answers like a SAM with no card', async () => {
    expect([...(await ask(0x11, 0xff)).body]).toEqual([0, 0, 0x90]);
    expect([...(await ask(0x20, 0x01)).body]).toEqual([0, 0, 0x80]);
    expect([...(await ask(0x20, 0x02)).body]).toEqual([0, 0, 0x81]);
    expect([...(await ask(0x30, 0x01)).body]).toEqual([0, 0, 0x41]);
    expect([...(await ask(0x55, 0x00)).body]).toEqual([0, 0, 0x21]);
    expect((await ask(0x12, 0xff)).body.length).toBe(3 + 16);
    expect(sim.log).toEqual(['11 FF', '20 01', '20 02', '30 01', '55 00', '12 FF']);
  });

  it('serves a placed card and each injected status', async () => {
    sim.placeCard(sampleCard('resident-long-term'));
    expect((await ask(0x20, 0x01)).body[2]).toBe(0x9f);
    expect((await ask(0x30, 0x01)).body.length).toBe(1295 - 8);
    expect((await ask(0x30, 0x10)).body.length).toBe(2321 - 8);
    for (const sw3 of [0x31, 0x32, 0x47, 0x3f]) {
      sim.failNext('read', sw3);
      expect([...(await ask(0x30, 0x01)).body]).toEqual([0, 0, sw3]);
    }
  });

  it('paces a read answer like a 115200-baud UART', async () => {
    sim.placeCard(sampleCard('resident-long-term'));
    sim.faults = { ...sim.faults, pacedBaud: 115_200 };
    const start = performance.now();
    await ask(0x30, 0x01);
    const elapsed = performance.now() - start;
    const wire = (1295 * 10 * 1000) / 115_200; // ≈ 112 ms
    expect(elapsed).toBeGreaterThanOrEqual(wire * 0.95);
    expect(elapsed).toBeLessThan(wire * 2);
  });

  it('sends garbage and corrupted frames when told to', async () => {
    sim.faults = { ...sim.faults, garbageBytes: 20 };
    sim.corruptNext('status', 1);
    host.write(Buffer.from(encodeCommand(0x11, 0xff)));
    await new Promise((r) => setTimeout(r, 200));
    expect(frames).toHaveLength(0);
    expect(raw).toBe(20 + 11);
    expect([...(await ask(0x11, 0xff)).body]).toEqual([0, 0, 0x90]);
  });
});
