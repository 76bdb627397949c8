import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../drivers/common/status';
import { FakeHidBackend } from '../../../drivers/scanner/fake-hid';
import type { HidDeviceInfo } from '../../../drivers/scanner/hid-backend';
import { HidScanner, pickHidDevice } from '../../../drivers/scanner/hid-scanner';
import { encodePosReports } from '../../../drivers/scanner/pos-decoder';
import { BIJIBEN, SIP_4_1 } from '../../../drivers/scanner/recordings';
import type { ScannedCode } from '../../../drivers/scanner/scan-source';
import { encodeWedge } from '../../../drivers/scanner/wedge-encoder';

const HONEYWELL_POS: HidDeviceInfo = {
  path: '/dev/hidraw3',
  vendorId: 0x0c2e,
  productId: 0x0b61,
  usagePage: 0x8c,
  usage: 2,
};
const HONEYWELL_KBD: HidDeviceInfo = {
  path: '/dev/hidraw2',
  vendorId: 0x0c2e,
  productId: 0x0b61,
  usagePage: 1,
  usage: 6,
};
const GENERIC_KBD: HidDeviceInfo = {
  path: '/dev/hidraw5',
  vendorId: 0x1234,
  productId: 0x5678,
  usagePage: 1,
  usage: 6,
};
const MOUSE: HidDeviceInfo = { path: '/dev/hidraw6', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 1, usage: 2 };

function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

function record(scanner: HidScanner): { scans: ScannedCode[]; statuses: DeviceStatus[] } {
  const scans: ScannedCode[] = [];
  const statuses: DeviceStatus[] = [];
  scanner.on('scan', (s) => scans.push(s));
  scanner.on('status', (s) => statuses.push(s));
  return { scans, statuses };
}

describe('pickHidDevice', () => {
  it('prefers the HID POS interface in auto mode, the keyboard one in wedge mode', () => {
    const all = [MOUSE, HONEYWELL_KBD, HONEYWELL_POS, GENERIC_KBD];
    expect(pickHidDevice(all, undefined, 'auto')).toEqual({ device: HONEYWELL_POS, mode: 'pos' });
    expect(pickHidDevice(all, undefined, 'wedge')).toEqual({ device: HONEYWELL_KBD, mode: 'wedge' });
    expect(pickHidDevice([HONEYWELL_KBD], undefined, 'pos')).toBeNull();
  });

  it('matches configured VID:PID only, and otherwise only known scanner vendors', () => {
    expect(pickHidDevice([GENERIC_KBD], undefined, 'auto')).toBeNull();
    expect(pickHidDevice([GENERIC_KBD, HONEYWELL_KBD], ['1234:5678'], 'auto')).toEqual({
      device: GENERIC_KBD,
      mode: 'wedge',
    });
    expect(pickHidDevice([HONEYWELL_POS], ['1234:5678'], 'auto')).toBeNull();
  });

  it('accepts a device with unknown usage page (libusb back-end) as a last resort', () => {
    const unknown: HidDeviceInfo = { path: 'usb:1', vendorId: 0x05e0, productId: 0x1200 };
    expect(pickHidDevice([unknown], undefined, 'auto')).toEqual({ device: unknown, mode: 'wedge' });
    expect(pickHidDevice([unknown], undefined, 'pos')).toEqual({ device: unknown, mode: 'pos' });
  });
});

describe('HidScanner with the fake node-hid device', () => {
  let scanner: HidScanner | undefined;
  afterEach(async () => {
    await scanner?.stop();
    scanner = undefined;
  });

  it('decodes recorded keyboard-wedge sequences, including Alt + keypad ones', async () => {
    const backend = new FakeHidBackend();
    const device = backend.plug(HONEYWELL_KBD);
    scanner = new HidScanner({ mode: 'auto', pollMs: 20 }, backend);
    const { scans } = record(scanner);
    await scanner.start();
    expect(scanner.status).toEqual({ state: 'ready' });
    await device.replay(SIP_4_1.reports);
    await device.replay(BIJIBEN.reports);
    await device.replay(encodeWedge('CZR1:ABC-000123'));
    expect(scans.map((s) => s.text)).toEqual(['SIP-4-1', '笔记本-01', 'CZR1:ABC-000123']);
    expect(scans[0]).toMatchObject({ source: 'hid:0c2e:0b61', mode: 'wedge', encoding: 'text' });
  });

  it('accepts keyboard reports that carry a report ID (9 bytes)', async () => {
    const backend = new FakeHidBackend();
    const device = backend.plug(HONEYWELL_KBD);
    scanner = new HidScanner({ mode: 'wedge', pollMs: 20 }, backend);
    const { scans } = record(scanner);
    await scanner.start();
    device.send(encodeWedge('Id-1').map((r) => Uint8Array.from([0x01, ...r])));
    expect(scans.map((s) => s.text)).toEqual(['Id-1']);
  });

  it('ends a wedge code without suffix after the idle time', async () => {
    const backend = new FakeHidBackend();
    const device = backend.plug(HONEYWELL_KBD);
    scanner = new HidScanner({ mode: 'wedge', pollMs: 20, idleFlushMs: 30 }, backend);
    const { scans } = record(scanner);
    await scanner.start();
    device.send(encodeWedge('12345', { suffix: 'none' }));
    expect(scans).toEqual([]);
    await until(() => scans.length === 1);
    expect(scans[0]!.text).toBe('12345');
  });

  it('reads HID POS reports as raw bytes with the GB18030 fallback, after switching Honeywell to POS output', async () => {
    const backend = new FakeHidBackend();
    backend.plug(HONEYWELL_KBD);
    const device = backend.plug(HONEYWELL_POS);
    scanner = new HidScanner({ mode: 'auto', pollMs: 20 }, backend);
    const { scans } = record(scanner);
    await scanner.start();
    expect(device.featureReports).toEqual([[0xfe, 0x01]]);
    device.send(encodePosReports(iconv.encode('村级便民服务站:张三', 'gbk')));
    device.send(encodePosReports(new TextEncoder().encode('CZR1:' + 'A'.repeat(40))));
    expect(scans).toEqual([
      { source: 'hid:0c2e:0b61', text: '村级便民服务站:张三', encoding: 'gb18030', mode: 'pos' },
      { source: 'hid:0c2e:0b61', text: 'CZR1:' + 'A'.repeat(40), encoding: 'utf-8', mode: 'pos' },
    ]);
  });

  it('reports unplug, reconnects on replug and keeps scanning', async () => {
    const backend = new FakeHidBackend();
    let device = backend.plug(HONEYWELL_KBD);
    scanner = new HidScanner({ vidPid: ['0c2e:0b61'], mode: 'wedge', pollMs: 20 }, backend);
    const { scans, statuses } = record(scanner);
    await scanner.start();
    await device.replay(encodeWedge('before'));

    // Half a code, then the cable is pulled: the fragment must not leak into the next code.
    device.send(encodeWedge('frag', { suffix: 'none' }));
    backend.unplug(HONEYWELL_KBD.path);
    await until(() => scanner!.status.state === 'disconnected');
    expect(device.isOpen).toBe(false);

    device = backend.plug(HONEYWELL_KBD);
    await until(() => scanner!.status.state === 'ready');
    await device.replay(encodeWedge('after'));
    expect(scans.map((s) => s.text)).toEqual(['before', 'after']);
    expect(statuses.map((s) => s.state)).toEqual(['ready', 'disconnected', 'ready']);
  });

  it('notices a device that vanished from the list without an error event', async () => {
    const backend = new FakeHidBackend();
    backend.plug(HONEYWELL_KBD);
    scanner = new HidScanner({ mode: 'auto', pollMs: 20 }, backend);
    await scanner.start();
    // Remove it from discovery only (no error delivered to the handle).
    const devices = backend.devices.bind(backend);
    backend.devices = async () => (await devices()).filter((d) => d.path !== HONEYWELL_KBD.path);
    await until(() => scanner!.status.state === 'disconnected');
  });

  it('reports a permission problem as a fault with a technician message, then recovers', async () => {
    const backend = new FakeHidBackend();
    backend.plug(HONEYWELL_KBD);
    backend.denied.add(HONEYWELL_KBD.path);
    scanner = new HidScanner({ mode: 'auto', pollMs: 20 }, backend);
    await scanner.start();
    expect(scanner.status).toMatchObject({ state: 'fault', code: 'hid_permission_denied' });
    backend.denied.clear();
    await until(() => scanner!.status.state === 'ready');
  });

  it('stays disconnected when no scanner is present and stops cleanly', async () => {
    const backend = new FakeHidBackend();
    backend.plug(GENERIC_KBD);
    scanner = new HidScanner({ mode: 'auto', pollMs: 20 }, backend);
    await scanner.start();
    expect(scanner.status).toEqual({ state: 'disconnected' });
    expect(scanner.connected).toBeUndefined();
  });
});

describe('node-hid back-end', () => {
  it('loads the native addon and lists devices in our shape', async () => {
    const { nodeHidBackend } = await import('../../../drivers/scanner/hid-backend');
    const devices = await nodeHidBackend().devices();
    expect(Array.isArray(devices)).toBe(true);
    for (const d of devices) expect(typeof d.path === 'string' && typeof d.vendorId === 'number').toBe(true);
  });
});
