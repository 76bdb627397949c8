import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { PtyPair } from '../../../drivers/sim/pty-pair';

const pairs: PtyPair[] = [];
afterEach(async () => {
  for (const p of pairs.splice(0)) await p.close();
});

async function openPort(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  return port;
}

describe('PtyPair', () => {
  it('carries bytes from one end to the other', async () => {
    const pair = await PtyPair.open();
    pairs.push(pair);
    const a = await openPort(pair.hostPath);
    const b = await openPort(pair.simPath);
    const got = new Promise<Buffer>((res) => b.once('data', res));
    a.write(Buffer.from([1, 2, 3, 0xaa]));
    expect([...(await got)]).toEqual([1, 2, 3, 0xaa]);
    await new Promise((r) => a.close(r));
    await new Promise((r) => b.close(r));
  });

  it('unplug makes the paths vanish and closes a reading port; replug brings them back', async () => {
    const pair = await PtyPair.open();
    pairs.push(pair);
    const a = await openPort(pair.hostPath);
    a.on('data', () => undefined); // a reading port notices the hang-up, like a pulled USB adapter
    // Observed: a hang-up within a few ms of opening is sometimes missed by serialport's poller;
    // the driver does not rely on the close event alone (write errors, timeouts, path checks).
    await new Promise((r) => setTimeout(r, 100));
    const closed = new Promise<void>((res) => a.once('close', () => res()));
    await pair.unplug();
    expect(existsSync(pair.hostPath)).toBe(false);
    expect(existsSync(pair.simPath)).toBe(false);
    await closed;
    await pair.replug();
    expect(existsSync(pair.hostPath)).toBe(true);
    expect(pair.plugged).toBe(true);
  });

  it('close removes its temp directory', async () => {
    const pair = await PtyPair.open();
    await pair.close();
    expect(existsSync(pair.dir)).toBe(false);
  });
});
