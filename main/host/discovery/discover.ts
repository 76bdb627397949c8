import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createTransport } from '../../../drivers/printer/driver';
import type { HidBackend, HidDeviceInfo } from '../../../drivers/scanner/hid-backend';
import { DEFAULT_SCANNER_VENDORS, formatVidPid, serialScannerMaker } from '../../../drivers/scanner/vendors';
import { fixFor, type FixDetails, type SelfTestCode, type SelfTestFix } from '../../../rules/self-test-fixes';
import type { DeviceDirs } from './device-dirs';
import { checkPort } from './port-access';
import { probePrinter } from './probe-printer';
import { probeSam } from './probe-sam';

/** HID usage page of barcode scanners in HID POS mode (USB HID Point of Sale usage tables). */
export const HID_POS_USAGE_PAGE = 0x8c;

export type DeviceRole = 'idcard' | 'printer' | 'scanner' | 'unknown';

/** One device found, in words the technician reads on the wizard screen. */
export interface FoundDevice {
  readonly role: DeviceRole;
  /** Device file, host:port or VID:PID. */
  readonly where: string;
  /** What it is, e.g. “身份证读卡器（SAM 编号 …，波特率 115200）”. */
  readonly what: string;
  readonly state: 'ok' | 'fault';
  /** For a fault: the code and its fix (rules/self-test-fixes.ts). */
  readonly fix?: SelfTestFix;
  /** The configuration this device would get (devices.* in config.json). */
  readonly config?: Record<string, unknown>;
}

export interface DiscoveryOptions {
  readonly dirs: DeviceDirs;
  /** host:port the technician typed for a network printer (no scanning). */
  readonly printerAddress?: string;
  /** Serial ports the technician typed (e.g. /dev/ttyS0 on a board without by-id names). */
  readonly extraSerialPorts?: readonly string[];
  readonly hid?: HidBackend;
  /** Extra VID:PIDs of scanners to recognise (lower-case hex as lsusb prints). */
  readonly scannerVidPids?: readonly string[];
  /** Shortens the SAM's and printer's time limits (tests). */
  readonly timeoutScale?: number;
}

function listDir(dir: string, keep: (name: string) => boolean = () => true): string[] {
  try {
    return readdirSync(dir)
      .filter(keep)
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return []; // the folder exists only while such a device is plugged in
  }
}

const fault = (
  role: DeviceRole,
  where: string,
  what: string,
  code: SelfTestCode,
  details: FixDetails,
): FoundDevice => ({
  role,
  where,
  what,
  state: 'fault',
  fix: fixFor(code, details),
});

/** USB-CDC scanners send 9600 8N1 unless set otherwise (every maker's default). */
const SERIAL_SCANNER_BAUD = 9600;

async function discoverSerial(port: string, o: DiscoveryOptions): Promise<FoundDevice> {
  // A scanner is known by its name and never probed: it answers nothing, and some makers read
  // bytes sent to them as configuration commands.
  const maker = serialScannerMaker(basename(port));
  if (maker) {
    const problem = checkPort(port, o.dirs.proc);
    if (problem) return fault('scanner', port, `扫码枪（${maker}，串口模式）`, problem.code, problem.details);
    return {
      role: 'scanner',
      where: port,
      what: `扫码枪（${maker}，串口模式）`,
      state: 'ok',
      // hid left to its default (any scanner of a known maker), so a HID one plugged in later works too.
      config: { kind: 'hardware', settings: { serial: [{ port, baudRate: SERIAL_SCANNER_BAUD }] } },
    };
  }
  const sam = await probeSam(port, { procDir: o.dirs.proc, timeoutScale: o.timeoutScale ?? 0.5 });
  if (sam.found) {
    return {
      role: 'idcard',
      where: port,
      what: `身份证读卡器（SAM 编号 ${sam.samId}，波特率 ${sam.baudRate}）`,
      state: 'ok',
      config: { kind: 'serial', port, baudRate: sam.baudRate },
    };
  }
  if (sam.code !== 'sam_no_answer') return fault('unknown', port, '串口设备', sam.code, sam.details);
  // Not a reader: maybe a serial receipt printer.
  const printer = await probePrinter(
    createTransport({ kind: 'serial', port, baudRate: 9600 }),
    800 * (o.timeoutScale ?? 0.5),
  );
  if (printer.answered) return printerFound(port, printer.problem, { kind: 'serial', port, baudRate: 9600 });
  return fault('unknown', port, '串口设备（不是读卡器，也不是会应答的打印机）', 'sam_no_answer', sam.details);
}

function printerFound(where: string, problem: SelfTestCode | null, transport: Record<string, unknown>): FoundDevice {
  const config = { kind: 'escpos', settings: { transport } };
  if (problem) return { ...fault('printer', where, '热敏小票打印机', problem, { port: where }), config };
  return { role: 'printer', where, what: '热敏小票打印机（ESC/POS，状态正常）', state: 'ok', config };
}

async function discoverPrinter(
  where: string,
  transport: { kind: 'usb'; path: string } | { kind: 'tcp'; host: string; port: number },
  o: DiscoveryOptions,
): Promise<FoundDevice> {
  if (transport.kind === 'usb') {
    const problem = checkPort(transport.path, o.dirs.proc);
    if (problem) return fault('printer', where, 'USB 打印机', problem.code, problem.details);
  }
  const p = await probePrinter(createTransport(transport), 800 * (o.timeoutScale ?? 1));
  if (p.answered) return printerFound(where, p.problem, transport);
  const what = transport.kind === 'usb' ? 'USB 打印机（不回答状态查询）' : '网络打印机';
  const found = fault('printer', where, what, p.code, p.details);
  // A silent USB printer still prints: offer the write-only setting with its cost (in the fix).
  return p.code === 'printer_status_silent'
    ? { ...found, config: { kind: 'escpos', settings: { transport, statusQueries: false } } }
    : found;
}

function scannerOf(d: HidDeviceInfo, extra: ReadonlySet<string>): FoundDevice | null {
  const vidPid = formatVidPid(d.vendorId, d.productId);
  const known = DEFAULT_SCANNER_VENDORS.get(d.vendorId) ?? (extra.has(vidPid) ? '已配置型号' : null);
  const pos = d.usagePage === HID_POS_USAGE_PAGE;
  if (!pos && !known) return null;
  const maker = known ?? d.manufacturer ?? '未知厂家';
  return {
    role: 'scanner',
    where: vidPid,
    what: pos ? `扫码枪（${maker}，HID POS 模式）` : `扫码枪（${maker}，键盘模式：建议切换到 HID POS）`,
    state: 'ok',
    config: { kind: 'hardware', settings: { hid: [{ vidPid: [vidPid], mode: pos ? 'pos' : 'auto' }] } },
  };
}

/**
 * Finds the station's devices: every serial port under by-id (and any typed) probed for a SAM at
 * each rate, then for a printer; USB printers lp*; the network printer at the typed address; HID
 * scanners by the HID POS usage page or a known maker. Each with what it is and its state.
 */
export async function discoverDevices(o: DiscoveryOptions): Promise<FoundDevice[]> {
  const found: FoundDevice[] = [];
  const serial = [...listDir(o.dirs.serialById), ...(o.extraSerialPorts ?? [])];
  for (const port of serial) found.push(await discoverSerial(port, o));
  for (const path of listDir(o.dirs.usbPrinters, (n) => /^lp\d+$/.test(n)))
    found.push(await discoverPrinter(path, { kind: 'usb', path }, o));
  if (o.printerAddress) {
    const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(o.printerAddress.trim());
    if (m) {
      const port = m[2] ? Number(m[2]) : 9100;
      found.push(await discoverPrinter(`${m[1]}:${port}`, { kind: 'tcp', host: m[1]!, port }, o));
    } else {
      found.push(fault('printer', o.printerAddress, '网络打印机', 'printer_offline', { port: o.printerAddress }));
    }
  }
  if (o.hid) {
    const extra = new Set((o.scannerVidPids ?? []).map((v) => v.toLowerCase()));
    const seen = new Set<string>();
    for (const d of await o.hid.devices().catch(() => [])) {
      const s = scannerOf(d, extra);
      // One scanner shows several HID interfaces: list it once, as its best mode.
      if (s && !seen.has(s.where)) {
        seen.add(s.where);
        found.push(s);
      } else if (s && s.what.includes('HID POS')) {
        found[found.findIndex((f) => f.where === s.where)] = s;
      }
    }
  }
  return found;
}
