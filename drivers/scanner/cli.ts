import { parseArgs } from 'node:util';
import type { HidBackend } from './hid-backend';
import { nodeHidBackend } from './hid-backend';
import type { HidMode } from './hid-scanner';
import { HidScanner, pickHidDevice } from './hid-scanner';
import type { ClassifiedScan } from './hub';
import { ScannerHub } from './hub';
import { POS_USAGE_PAGE } from './pos-decoder';
import { SerialScanner } from './serial-scanner';
import { DEFAULT_SCANNER_VENDORS, formatVidPid, parseVidPid } from './vendors';

type Io = { out: (line: string) => void; err: (line: string) => void };

export interface CliDeps {
  readonly hid?: HidBackend;
  readonly serialPorts?: () => Promise<
    { path: string; vendorId?: string; productId?: string; manufacturer?: string }[]
  >;
  /** Ends `listen` (Ctrl+C in a terminal). */
  readonly signal?: AbortSignal;
}

const USAGE = `用法: npm run device -- scanner list [--json]
       npm run device -- scanner listen [--hid VID:PID ... | --port /dev/ttyACM0 [--baud 9600]] [--mode auto|wedge|pos] [--count N] [--timeout 秒] [--json]`;

/** Technician CLI: `scanner list` shows candidate devices, `scanner listen` prints classified scans. */
export async function runCli(argv: string[], io: Io, deps: CliDeps = {}): Promise<number> {
  const [command, ...rest] = argv;
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: {
        json: { type: 'boolean', default: false },
        hid: { type: 'string', multiple: true },
        port: { type: 'string' },
        baud: { type: 'string', default: '9600' },
        mode: { type: 'string', default: 'auto' },
        count: { type: 'string' },
        timeout: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    io.err(USAGE);
    return 2;
  }
  if (command === 'list') return list(io, args.json ?? false, deps);
  if (command === 'listen') {
    const mode = args.mode as HidMode;
    const vidPid = args.hid ?? [];
    if (
      !['auto', 'wedge', 'pos'].includes(mode) ||
      vidPid.some((v) => !parseVidPid(v)) ||
      (args.port && vidPid.length > 0)
    ) {
      io.err(
        '参数错误: --hid 格式为 VID:PID (十六进制，如 0c2e:0b61)，--mode 为 auto|wedge|pos，--hid 与 --port 不能同时使用。',
      );
      io.err(USAGE);
      return 2;
    }
    return listen(
      io,
      {
        json: args.json ?? false,
        vidPid,
        mode,
        ...(args.port ? { port: args.port } : {}),
        baud: Number(args.baud),
        count: args.count ? Number(args.count) : Infinity,
        timeoutMs: args.timeout ? Number(args.timeout) * 1000 : Infinity,
      },
      deps,
    );
  }
  io.err(USAGE);
  return 2;
}

async function list(io: Io, json: boolean, deps: CliDeps): Promise<number> {
  const hid = deps.hid ?? nodeHidBackend();
  let devices;
  try {
    devices = await hid.devices();
  } catch (error) {
    io.err(`无法列出 HID 设备: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const listSerial = deps.serialPorts ?? (async () => (await import('serialport')).SerialPort.list());
  const ports = await listSerial().catch(() => []);
  const rows = devices.map((d) => {
    const match = pickHidDevice([d], undefined, 'auto');
    return {
      vidPid: formatVidPid(d.vendorId, d.productId),
      path: d.path,
      vendor: DEFAULT_SCANNER_VENDORS.get(d.vendorId) ?? null,
      usagePage: d.usagePage ?? null,
      usage: d.usage ?? null,
      mode: d.usagePage === POS_USAGE_PAGE ? 'pos' : (match?.mode ?? null),
      product: d.product ?? null,
    };
  });
  if (json) {
    io.out(JSON.stringify({ hid: rows, serial: ports }));
    return 0;
  }
  io.out('HID 设备 (vendor 列出的为常见扫码枪厂商):');
  for (const r of rows) {
    const page = r.usagePage === null ? '?' : `0x${r.usagePage.toString(16)}/0x${(r.usage ?? 0).toString(16)}`;
    io.out(`  ${r.vidPid}  ${r.path}  page ${page}  ${r.mode ?? '-'}  ${r.vendor ?? ''} ${r.product ?? ''}`.trimEnd());
  }
  if (rows.length === 0) io.out('  (无)');
  io.out('串口:');
  for (const p of ports)
    io.out(
      `  ${p.path}  ${p.vendorId ?? ''}${p.productId ? `:${p.productId}` : ''}  ${p.manufacturer ?? ''}`.trimEnd(),
    );
  if (ports.length === 0) io.out('  (无)');
  return 0;
}

interface ListenOptions {
  json: boolean;
  vidPid: string[];
  mode: HidMode;
  port?: string;
  baud: number;
  count: number;
  timeoutMs: number;
}

async function listen(io: Io, o: ListenOptions, deps: CliDeps): Promise<number> {
  const hub = new ScannerHub({ repeatWindowMs: 0 });
  if (o.port) hub.add(`serial:${o.port}`, new SerialScanner({ port: o.port, baudRate: o.baud }));
  else hub.add('hid', new HidScanner({ vidPid: o.vidPid, mode: o.mode }, deps.hid ?? nodeHidBackend()));

  // Ctrl+C ends listening in a terminal; tests pass their own signal.
  const controller = new AbortController();
  const signal = deps.signal ?? controller.signal;
  const onSigint = (): void => controller.abort();
  if (!deps.signal) process.once('SIGINT', onSigint);

  let seen = 0;
  const done = new Promise<void>((resolve) => {
    hub.on('status', ({ source, status }) => {
      if (o.json) io.out(JSON.stringify({ event: 'status', source, status }));
      else io.out(`[${source}] ${status.state}${status.state === 'fault' ? ` ${status.code}: ${status.message}` : ''}`);
    });
    hub.on('scan', (scan) => {
      io.out(o.json ? JSON.stringify({ event: 'scan', ...describeScan(scan) }) : formatScan(scan));
      if (++seen >= o.count) resolve();
    });
    if (Number.isFinite(o.timeoutMs)) setTimeout(resolve, o.timeoutMs).unref();
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await hub.start();
  await done;
  process.off('SIGINT', onSigint);
  await hub.stop();
  return seen > 0 || o.count === Infinity ? 0 : 1;
}

/**
 * What the technician sees of a scan. Codes may carry personal data or secrets, so only what a
 * diagnosis needs is shown: our receipt number, a barcode's digits, a link's host, an enrolment
 * code's platform with the one-time code masked, and for anything else only its length.
 */
export function describeScan(scan: ClassifiedScan): Record<string, unknown> {
  const base = { source: scan.source, mode: scan.mode ?? null, encoding: scan.encoding ?? null, kind: scan.code.kind };
  switch (scan.code.kind) {
    case 'receipt':
      return { ...base, localNumber: scan.code.localNumber };
    case 'digits':
      return { ...base, digits: scan.code.digits };
    case 'url':
      return { ...base, host: scan.code.host ?? null };
    case 'enrolment':
      return {
        ...base,
        platform: scan.code.platform,
        code: mask(scan.code.code),
        regionCode: scan.code.regionCode ?? null,
        station: scan.code.station ?? null,
      };
    case 'unknown':
      return { ...base, length: [...scan.text].length };
  }
}

function formatScan(scan: ClassifiedScan): string {
  const d = describeScan(scan);
  const detail = Object.entries(d)
    .filter(([k, v]) => !['source', 'kind', 'mode'].includes(k) && v !== null)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `[${scan.source}] ${scan.code.kind} ${detail}`;
}

function mask(code: string): string {
  return code.length <= 4 ? '****' : `${code.slice(0, 2)}${'*'.repeat(code.length - 4)}${code.slice(-2)}`;
}
