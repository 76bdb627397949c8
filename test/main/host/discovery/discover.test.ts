import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeHidBackend } from '../../../../drivers/scanner/fake-hid';
import { EscPosSimulator } from '../../../../drivers/sim/escpos-simulator';
import { IdCardSimulator } from '../../../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../../../drivers/sim/pty-pair';
import { SerialPort } from 'serialport';
import { discoverDevices, HID_POS_USAGE_PAGE } from '../../../../main/host/discovery/discover';
import type { DeviceDirs } from '../../../../main/host/discovery/device-dirs';
import { findPortHolder } from '../../../../main/host/discovery/port-holder';
import { classifyOpenError } from '../../../../main/host/discovery/port-access';
import { fixFor } from '../../../../rules/self-test-fixes';

let root: string;
let dirs: DeviceDirs;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cunzhan-discovery-'));
  // A /proc of our own: socat keeps each simulator pty open, which the real /proc would report as busy.
  dirs = { serialById: join(root, 'serial-by-id'), usbPrinters: join(root, 'usb'), proc: join(root, 'proc') };
  mkdirSync(dirs.proc);
  mkdirSync(dirs.serialById);
  mkdirSync(dirs.usbPrinters);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(root, { recursive: true, force: true });
});

async function samOnPty(): Promise<PtyPair> {
  const pair = await PtyPair.open();
  const sim = new IdCardSimulator({ pair });
  await sim.open();
  cleanups.push(async () => {
    await sim.close();
    await pair.close();
  });
  return pair;
}

describe('device discovery on the simulators', () => {
  it('finds the SAM reader under by-id, the USB printer at lp0, a typed network printer and a HID POS scanner', async () => {
    const pair = await samOnPty();
    symlinkSync(pair.hostPath, join(dirs.serialById, 'usb-Synjones_SAM-if00-port0'));
    const usb = await EscPosSimulator.onPty();
    cleanups.push(() => usb.close());
    symlinkSync(usb.hostPath, join(dirs.usbPrinters, 'lp0'));
    const tcp = await EscPosSimulator.listenTcp();
    cleanups.push(() => tcp.close());
    tcp.setPaperOut(true);
    const hid = new FakeHidBackend();
    hid.plug({ path: 'hid-1', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x01, usage: 0x06, interface: 0 });
    hid.plug({
      path: 'hid-2',
      vendorId: 0x0c2e,
      productId: 0x0b61,
      usagePage: HID_POS_USAGE_PAGE,
      usage: 2,
      interface: 1,
    });
    hid.plug({ path: 'hid-3', vendorId: 0x046d, productId: 0xc31c, usagePage: 0x01, usage: 0x06, interface: 0 }); // a keyboard

    const found = await discoverDevices({ dirs, printerAddress: `127.0.0.1:${tcp.port}`, hid, timeoutScale: 0.5 });
    expect(found).toHaveLength(4);
    const [reader, lp0, network, scanner] = found;
    expect(reader).toMatchObject({ role: 'idcard', state: 'ok', config: { kind: 'serial', baudRate: 115200 } });
    expect(reader!.what).toMatch(/^身份证读卡器（SAM 编号 .+，波特率 115200）$/);
    expect(lp0).toMatchObject({ role: 'printer', state: 'ok', where: join(dirs.usbPrinters, 'lp0') });
    expect(network).toMatchObject({ role: 'printer', state: 'fault', fix: { code: 'printer_paper_out' } });
    expect(network!.fix!.fix).toContain('热敏纸');
    expect(scanner).toMatchObject({ role: 'scanner', where: '0c2e:0b61', what: '扫码枪（Honeywell，HID POS 模式）' });
  }, 30_000);

  it('a USB-CDC scanner is known by its by-id name, not probed, and saved as a serial scanner', async () => {
    const pair = await PtyPair.open();
    const scannerEnd = new SerialPort({ path: pair.simPath, baudRate: 9600 });
    cleanups.push(async () => {
      await new Promise((resolve) => scannerEnd.close(resolve));
      await pair.close();
    });
    const received: Buffer[] = [];
    scannerEnd.on('data', (b: Buffer) => received.push(b));
    const byId = join(dirs.serialById, 'usb-Newland_Auto-ID_NLS-HR22-if00');
    symlinkSync(pair.hostPath, byId);
    const [dev] = await discoverDevices({ dirs, timeoutScale: 0.1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dev).toMatchObject({
      role: 'scanner',
      where: byId,
      what: '扫码枪（Newland，串口模式）',
      state: 'ok',
      config: { kind: 'hardware', settings: { serial: [{ port: byId, baudRate: 9600 }] } },
    });
    expect(received).toEqual([]);
  }, 30_000);

  it('a scanner link whose device is gone: port_missing with its fix', async () => {
    const byId = join(dirs.serialById, 'usb-Honeywell_Imaging___Mobility_1900-if00');
    symlinkSync(join(root, 'gone'), byId);
    const [dev] = await discoverDevices({ dirs, timeoutScale: 0.1 });
    expect(dev).toMatchObject({ role: 'scanner', state: 'fault', fix: { code: 'port_missing' } });
  }, 30_000);

  it('a port that never answers: sam_no_answer naming every rate tried', async () => {
    const pair = await PtyPair.open();
    cleanups.push(() => pair.close());
    symlinkSync(pair.hostPath, join(dirs.serialById, 'usb-FTDI_FT232R-if00-port0'));
    const [dev] = await discoverDevices({ dirs, timeoutScale: 0.1 });
    expect(dev).toMatchObject({ role: 'unknown', state: 'fault', fix: { code: 'sam_no_answer' } });
    expect(dev!.fix!.problem).toContain('115200、57600、38400、19200、9600');
  }, 30_000);

  it('a port held by another program: port_busy naming the program', async () => {
    const pair = await samOnPty();
    symlinkSync(pair.hostPath, join(dirs.serialById, 'usb-Synjones_SAM-if00-port0'));
    // brltty (process 812) has the reader's port open, as /proc shows it.
    mkdirSync(join(dirs.proc, '812', 'fd'), { recursive: true });
    writeFileSync(join(dirs.proc, '812', 'comm'), 'brltty\n');
    symlinkSync(realpathSync(pair.hostPath), join(dirs.proc, '812', 'fd', '5'));
    const [dev] = await discoverDevices({ dirs, timeoutScale: 0.5 });
    expect(dev).toMatchObject({ state: 'fault', fix: { code: 'port_busy' } });
    expect(dev!.fix!.problem).toContain('brltty (进程 812)');
    expect(dev!.fix!.fix).toContain('sudo apt purge brltty');
  }, 30_000);

  it('finds the holder of a file in the real /proc', async () => {
    const file = join(root, 'held');
    writeFileSync(file, '');
    const holder: ChildProcess = spawn('sh', ['-c', `exec sleep 30 < ${file}`], { stdio: 'ignore' });
    cleanups.push(() => void holder.kill('SIGKILL'));
    let name: string | null = null;
    const until = Date.now() + 3000;
    while (!(name = findPortHolder(file)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(name).toBe(`sleep (进程 ${holder.pid})`);
    expect(findPortHolder(join(root, 'usb'))).toBeNull();
  });

  it('a USB printer that stays silent: offered statusQueries false, with its cost', async () => {
    const pair = await PtyPair.open();
    cleanups.push(() => pair.close());
    symlinkSync(pair.hostPath, join(dirs.usbPrinters, 'lp1'));
    const [dev] = await discoverDevices({ dirs, timeoutScale: 0.3 });
    expect(dev).toMatchObject({
      role: 'printer',
      state: 'fault',
      fix: { code: 'printer_status_silent' },
      config: { kind: 'escpos', settings: { statusQueries: false } },
    });
    expect(dev!.fix!.fix).toContain('无法发现缺纸');
  }, 30_000);

  it('an open refused with EACCES: the group and udev rule to add', () => {
    // Root opens any device file, so the refusal is given as the error the open reports.
    const denied = Object.assign(new Error('EACCES: permission denied, open /dev/usb/lp0'), { code: 'EACCES' });
    const p = classifyOpenError('/dev/usb/lp0', denied, dirs.proc);
    expect(p).toEqual({ code: 'port_permission_denied', details: { port: '/dev/usb/lp0' } });
    expect(fixFor(p.code, p.details).fix).toContain('sudo usermod -aG lp cunzhan');
    const locked = classifyOpenError(
      '/dev/ttyUSB0',
      new Error('Error Resource temporarily unavailable Cannot lock port'),
      dirs.proc,
    );
    expect(locked).toMatchObject({ code: 'port_busy', details: { holder: '未知程序（端口已被锁定）' } });
  });

  it('empty folders and no address: nothing found, nothing scanned', async () => {
    rmSync(dirs.serialById, { recursive: true });
    expect(await discoverDevices({ dirs })).toEqual([]);
  });
});
