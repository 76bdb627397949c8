import { afterEach, describe, expect, it } from 'vitest';
import { ScannerConfigSchema, createScannerHub } from '../../../drivers/scanner/config';
import { FakeHidBackend } from '../../../drivers/scanner/fake-hid';
import type { ClassifiedScan, ScannerHub } from '../../../drivers/scanner/hub';
import { encodeWedge } from '../../../drivers/scanner/wedge-encoder';
import { SerialScannerSim } from '../../../drivers/sim/scanner-serial';

describe('scanner configuration', () => {
  let hub: ScannerHub | undefined;
  let sim: SerialScannerSim | undefined;
  afterEach(async () => {
    await hub?.stop();
    await sim?.stop();
    hub = undefined;
    sim = undefined;
  });

  it('defaults to one HID scanner from any known vendor and no serial scanner', () => {
    expect(ScannerConfigSchema.parse({})).toEqual({ hid: [{ mode: 'auto', altCodes: 'unicode' }], serial: [] });
    expect(ScannerConfigSchema.safeParse({ hid: [{ vidPid: ['0c2e'] }] }).success).toBe(false);
    expect(ScannerConfigSchema.safeParse({ serial: [{ port: '' }] }).success).toBe(false);
  });

  it('builds a hub that reads a configured HID scanner and a serial scanner', async () => {
    const backend = new FakeHidBackend();
    const device = backend.plug({ path: '/dev/hidraw4', vendorId: 0x1234, productId: 0xabcd, usagePage: 1, usage: 6 });
    sim = await SerialScannerSim.start();
    const config = ScannerConfigSchema.parse({
      hid: [{ vidPid: ['1234:abcd'], mode: 'wedge', altCodes: 'gbk' }],
      serial: [{ port: sim.devicePath, baudRate: 115200 }],
    });
    hub = createScannerHub(config, { hid: backend });
    const scans: ClassifiedScan[] = [];
    hub.on('scan', (s) => scans.push(s));
    await hub.start();
    expect(hub.statuses()).toEqual([
      { source: 'hid:1234:abcd', status: { state: 'ready' } },
      { source: `serial:${sim.devicePath}`, status: { state: 'ready' } },
    ]);
    device.send(encodeWedge('村-CZR1', { altCodes: 'gbk' }));
    await sim.scan('CZR1:SERIAL-0001');
    const deadline = Date.now() + 3000;
    while (scans.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(scans.map((s) => [s.text, s.code.kind])).toEqual([
      ['村-CZR1', 'unknown'],
      ['CZR1:SERIAL-0001', 'receipt'],
    ]);
  });
});
