import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../drivers/scanner/cli';
import { FakeHidBackend } from '../../../drivers/scanner/fake-hid';
import { encodePosReports } from '../../../drivers/scanner/pos-decoder';
import { SAMPLE_CODES } from '../../../drivers/scanner/samples';
import { SerialScannerSim } from '../../../drivers/sim/scanner-serial';

function io(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

describe('scanner CLI', () => {
  let sim: SerialScannerSim | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('lists HID devices and serial ports as JSON', async () => {
    const hid = new FakeHidBackend();
    hid.plug({
      path: '/dev/hidraw3',
      vendorId: 0x0c2e,
      productId: 0x0b61,
      usagePage: 0x8c,
      usage: 2,
      product: 'Xenon 1900',
    });
    hid.plug({ path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc31c, usagePage: 1, usage: 6 });
    const t = io();
    const code = await runCli(['list', '--json'], t.io, {
      hid,
      serialPorts: async () => [{ path: '/dev/ttyACM0', vendorId: '1eab', productId: '0d10' }],
    });
    expect(code).toBe(0);
    const parsed = JSON.parse(t.out[0]!);
    expect(parsed.hid).toEqual([
      {
        vidPid: '0c2e:0b61',
        path: '/dev/hidraw3',
        vendor: 'Honeywell',
        usagePage: 0x8c,
        usage: 2,
        mode: 'pos',
        product: 'Xenon 1900',
      },
      { vidPid: '046d:c31c', path: '/dev/hidraw0', vendor: null, usagePage: 1, usage: 6, mode: null, product: null },
    ]);
    expect(parsed.serial[0].path).toBe('/dev/ttyACM0');
  });

  it('lists in plain text', async () => {
    const t = io();
    expect(await runCli(['list'], t.io, { hid: new FakeHidBackend(), serialPorts: async () => [] })).toBe(0);
    expect(t.out).toEqual(['HID 设备 (vendor 列出的为常见扫码枪厂商):', '  (无)', '串口:', '  (无)']);
  });

  it('listens on a serial port and prints classified scans without the one-time code', async () => {
    sim = await SerialScannerSim.start();
    const t = io();
    const done = runCli(['listen', '--port', sim.devicePath, '--count', '2', '--json', '--timeout', '10'], t.io);
    await new Promise((r) => setTimeout(r, 300));
    await sim.scan('CZR1:ABC-123456');
    await sim.scan(SAMPLE_CODES.find((s) => s.id === 'enrolment')!.bytes);
    expect(await done).toBe(0);
    const scans = t.out.map((l) => JSON.parse(l)).filter((e) => e.event === 'scan');
    expect(scans[0]).toMatchObject({ kind: 'receipt', localNumber: 'ABC-123456', mode: 'serial' });
    expect(scans[1]).toMatchObject({ kind: 'enrolment', platform: 'https://platform.example.cn', code: 'K7*****XD' });
    expect(t.out.join('\n')).not.toContain('K7QF-29XD');
  });

  it('listens on a HID device given by VID:PID, hiding unknown content', async () => {
    const hid = new FakeHidBackend();
    const device = hid.plug({ path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 2 });
    const t = io();
    const controller = new AbortController();
    const done = runCli(['listen', '--hid', '0c2e:0b61'], t.io, { hid, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    device.send(encodePosReports(new TextEncoder().encode('张三 4301')));
    device.send(encodePosReports(new TextEncoder().encode('6901234567892')));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await done).toBe(0);
    expect(t.out).toEqual([
      '[hid] ready',
      '[hid:0c2e:0b61] unknown encoding=utf-8 length=7',
      '[hid:0c2e:0b61] digits encoding=utf-8 digits=6901234567892',
      '[hid] disconnected',
    ]);
  });

  it('rejects bad arguments with exit code 2', async () => {
    for (const argv of [
      [],
      ['frobnicate'],
      ['listen', '--hid', 'xyz'],
      ['listen', '--mode', 'fast'],
      ['listen', '--hid', '0c2e:0b61', '--port', '/dev/ttyACM0'],
      ['list', '--bogus'],
    ]) {
      const t = io();
      expect(await runCli(argv, t.io), argv.join(' ')).toBe(2);
      expect(t.err.join('\n')).toContain('用法');
    }
  });
});
