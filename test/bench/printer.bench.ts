// Receipt printer benchmark: bytes per receipt, encode time, and the time to print a receipt over
// a serial line at 115200 and 9600 baud against the wire time of the bytes (goal: ratio ≤ 1.1).
// The line is a socat pty pair; the simulator keeps a virtual wire clock at baud/10 bytes per
// second and sends no answer before its question has crossed that wire, so the wire time is
// emulated and what the driver adds on top (status round trip, completion wait, encoding) is
// what the ratio measures.
import type { EscPosPrinterConfigInput } from '../../drivers/printer/config';
import { EscPosPrinter } from '../../drivers/printer/driver';
import type { ReceiptData } from '../../drivers/printer/receipt-data';
import { EscPosSimulator } from '../../drivers/sim/escpos-simulator';

const FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
const GOAL = 1.1;

const receipt: ReceiptData = {
  stationName: '长沙县黄兴镇石塘村便民服务站',
  serviceName: '城乡居民基本养老保险参保登记',
  localNumber: '4301210001-20261122-0007',
  platformNumber: null,
  maskedIdNumber: '4301**********0018',
  maskedName: '王*',
  time: '2026-11-22 10:31',
  clockTrusted: true,
  qrContent: 'CZ1:4301210001-20261122-0007',
  agentName: '李*',
  hotline: '0731-12345',
  ratingInvitation: '欢迎在终端上为本次服务评价（好差评）。',
  reprint: false,
  notes: ['请于三个工作日内补交户口簿复印件。'],
};
const rare: ReceiptData = { ...receipt, maskedName: '䶮*' };

function encodeFigures(): void {
  for (const width of [58, 80] as const) {
    const p = new EscPosPrinter({
      transport: { kind: 'tcp', host: '127.0.0.1', port: 9 },
      paperWidth: width,
      fontCoverage: 'gbk',
      rasterFontPath: FONT,
    });
    for (const [label, r] of [
      ['plain', receipt],
      ['rare-name', rare],
    ] as const) {
      for (let i = 0; i < 20; i++) p.encode(r); // warm-up (JIT, glyph cache)
      const n = 50;
      const t0 = performance.now();
      let bytes = 0;
      for (let i = 0; i < n; i++) bytes = p.encode(r).bytes.length;
      const ms = (performance.now() - t0) / n;
      console.log(`encode ${width}mm ${label}: ${bytes} bytes, ${ms.toFixed(2)} ms per receipt`);
    }
  }
}

async function serialRun(baud: number, r: ReceiptData, label: string): Promise<boolean> {
  const sim = await EscPosSimulator.onPty({ fontCoverage: 'gbk', lineBytesPerSecond: baud / 10 });
  const config: EscPosPrinterConfigInput = {
    transport: { kind: 'serial', port: sim.hostPath, baudRate: baud },
    paperWidth: 58,
    fontCoverage: 'gbk',
    rasterFontPath: FONT,
  };
  const printer = new EscPosPrinter(config);
  await printer.start();
  try {
    await printer.printReceipt(r); // warm-up: font, glyph cache, JIT
    const runs = baud >= 100_000 ? 9 : 3;
    const times: number[] = [];
    let wire = 0;
    for (let i = 0; i < runs; i++) {
      const before = sim.bytesReceived;
      const t0 = performance.now();
      const res = await printer.printReceipt(r);
      const ms = performance.now() - t0;
      // wire time of every byte the driver sent: status query and the job
      wire = ((sim.bytesReceived - before) * 10 * 1000) / baud;
      await printer.queryCondition(); // let the after-job poll finish outside the measurement
      if (!res.ok) throw new Error(`print failed: ${res.error.code}`);
      times.push(ms);
    }
    const best = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const rtts: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      await printer.queryCondition();
      rtts.push(performance.now() - t);
    }
    const rtt = rtts.sort((a, b) => a - b)[4]!;
    const ratio = best / wire;
    const met = ratio <= GOAL;
    console.log(
      `serial ${baud} baud ${label}: ${best.toFixed(1)} ms to print (median of ${runs}), wire time ${wire.toFixed(1)} ms, ratio ${ratio.toFixed(3)} (goal ≤ ${GOAL}) ${met ? 'MET' : 'MISSED'}; overhead ${(best - wire).toFixed(1)} ms, one status round trip ${rtt.toFixed(1)} ms`,
    );
    return met;
  } finally {
    await printer.stop();
    await sim.close();
  }
}

encodeFigures();
let allMet = true;
for (const baud of [115200, 9600])
  for (const [label, r] of [
    ['plain', receipt],
    ['rare-name', rare],
  ] as const)
    allMet = (await serialRun(baud, r, label)) && allMet;
process.exit(allMet ? 0 : 1);
