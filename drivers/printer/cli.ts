import { writeFileSync } from 'node:fs';
import { EscPosInterpreter, type RenderedReceipt } from '../sim/escpos-interpreter';
import { DEFAULT_SIM_FONT } from '../sim/escpos-simulator';
import type { EscPosPrinterConfigInput } from './config';
import { conditionFailure, EscPosPrinter } from './driver';
import { paperGeometry } from './receipt-document';
import { layoutTestPage } from './receipt-layout';

type Io = { out: (line: string) => void; err: (line: string) => void };

const USAGE = [
  'usage: npm run device -- printer status|test-print [--port P [--baud 9600|115200] | --usb /dev/usb/lpN | --tcp host:port]',
  '       [--width 58|80] [--coverage gb2312|gbk|gb18030] [--font FILE] [--preview out.png]',
];

interface Args {
  command: string;
  flags: Map<string, string>;
}

function parse(argv: string[]): Args | string {
  const [command, ...rest] = argv;
  if (command !== 'status' && command !== 'test-print') return `unknown command: ${command ?? '(none)'}`;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    const v = rest[i + 1];
    if (!k.startsWith('--') || v === undefined) return `bad argument: ${k}`;
    flags.set(k.slice(2), v);
  }
  return { command, flags };
}

function transportOf(flags: Map<string, string>): EscPosPrinterConfigInput['transport'] | null | string {
  const port = flags.get('port');
  const usb = flags.get('usb');
  const tcp = flags.get('tcp');
  if ([port, usb, tcp].filter(Boolean).length > 1) return 'give only one of --port, --usb, --tcp';
  if (port) return { kind: 'serial', port, baudRate: Number(flags.get('baud') ?? 9600) };
  if (usb) return { kind: 'usb', path: usb };
  if (tcp) {
    const m = /^(.+):(\d+)$/.exec(tcp);
    return m ? { kind: 'tcp', host: m[1]!, port: Number(m[2]) } : { kind: 'tcp', host: tcp, port: 9100 };
  }
  return null;
}

function describeCondition(c: NonNullable<Awaited<ReturnType<EscPosPrinter['queryCondition']>>>): string {
  const parts = [];
  if (c.paperEnd) parts.push('缺纸 (paper end)');
  else if (c.paperNearEnd) parts.push('纸将用完 (paper near end)');
  if (c.coverOpen) parts.push('机盖打开 (cover open)');
  if (c.offline) parts.push('脱机 (offline)');
  if (c.error) parts.push('故障 (error)');
  return parts.length === 0 ? '正常 (ready)' : parts.join('，');
}

/** `npm run device -- printer …` for technicians: status query, test page, PNG preview. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(args);
    USAGE.forEach(io.err);
    return 64;
  }
  const transport = transportOf(args.flags);
  if (typeof transport === 'string') {
    io.err(transport);
    return 64;
  }
  const width = Number(args.flags.get('width') ?? 58);
  if (width !== 58 && width !== 80) {
    io.err('--width must be 58 or 80');
    return 64;
  }
  const preview = args.flags.get('preview');
  if (!transport && !(args.command === 'test-print' && preview)) {
    io.err('no printer given (--port, --usb or --tcp)');
    USAGE.forEach(io.err);
    return 64;
  }
  const coverage = (args.flags.get('coverage') ?? 'gbk') as 'gb2312' | 'gbk' | 'gb18030';
  const font = args.flags.get('font') ?? DEFAULT_SIM_FONT;
  const logger = {
    warn: (o: Record<string, unknown>, m: string) => io.err(`warn: ${m} ${JSON.stringify(o)}`),
    info: () => undefined,
  };
  const printer = new EscPosPrinter(
    {
      transport: transport ?? { kind: 'tcp', host: '127.0.0.1', port: 9 },
      paperWidth: width,
      fontCoverage: coverage,
      rasterFontPath: font,
    },
    { logger },
  );
  const lines = layoutTestPage(width, new Date().toISOString().slice(0, 16).replace('T', ' '));

  if (preview) {
    const rendered = renderPreview(printer.encodeLines(lines).bytes, width, coverage, font);
    writeFileSync(preview, rendered.png);
    io.out(`preview: ${preview} (${rendered.width}×${rendered.height} dots)`);
  }
  if (!transport) return 0;

  await printer.start();
  try {
    if (args.command === 'status') {
      const c = await printer.queryCondition();
      if (!c) {
        io.out(`printer: no answer on ${transport.kind} (${printer.status.state})`);
        return 2;
      }
      io.out(`printer: ${describeCondition(c)}`);
      return conditionFailure(c) ? 1 : 0;
    }
    const res = await printer.printLines(lines);
    if (res.ok) {
      io.out(`test page printed: ${res.value.bytes} bytes`);
      return 0;
    }
    io.out(`test page not printed: ${res.error.code} — ${res.error.message}`);
    return 1;
  } finally {
    await printer.stop();
  }
}

function renderPreview(
  bytes: Buffer,
  width: 58 | 80,
  coverage: 'gb2312' | 'gbk' | 'gb18030',
  font: string,
): RenderedReceipt {
  const interp = new EscPosInterpreter({
    paperDots: paperGeometry(width).dots,
    fontCoverage: coverage,
    fontPath: font,
  });
  let out: RenderedReceipt | null = null;
  interp.onReceipt = (r) => (out = r);
  interp.feed(bytes);
  if (!out) throw new Error('preview produced no receipt');
  return out;
}
