import { createInterface } from 'node:readline';
import { describeSw3 } from '../idcard/status-codes';
import { IdCardSimulator } from './idcard-simulator';
import { PtyPair } from './pty-pair';
import { SAMPLE_CARDS } from './sample-cards';

/**
 * Training simulator for technicians: `npm run device -- idcard simulate [--dir /tmp/idcard]`
 * creates a pty pair, prints the port to give to `status|read|watch` (or to the terminal's
 * configuration), and takes commands on stdin to place cards and inject faults.
 */
const HELP = [
  '命令:',
  '  cards                      列出示例证件',
  '  place <编号>               放上示例证件（编号见 cards）',
  '  remove                     拿走证件',
  '  sam <SW3十六进制>|ok       安全模块故障（如 sam 60），ok 恢复',
  '  fail <find|select|read|any> <SW3十六进制> [次数]   下一次应答返回该状态',
  '  corrupt [次数]             下一次应答校验和错误',
  '  silent [次数]              下一次指令不应答',
  '  noise <字节数>             每次应答前加干扰字节（0 关闭）',
  '  slow <分片字节> <间隔毫秒> 分片慢速发送（0 0 关闭）',
  '  unplug / replug            模拟拔出、插回USB',
  '  log                        显示收到的指令',
  '  quit                       退出',
];

export async function runSimulatorCli(
  argv: string[],
  io: { out: (line: string) => void; err: (line: string) => void; input: NodeJS.ReadableStream },
): Promise<number> {
  const dirIndex = argv.indexOf('--dir');
  const dir = dirIndex >= 0 ? argv[dirIndex + 1] : undefined;
  const pair = await PtyPair.open(dir ? { dir } : {});
  const sim = new IdCardSimulator({ pair });
  await sim.open();
  io.out(`模拟读卡器已启动。主机端口: ${pair.hostPath}`);
  io.out(`例如: npm run device -- idcard watch --port ${pair.hostPath}`);
  HELP.forEach((l) => io.out(l));
  const rl = createInterface({ input: io.input });
  for await (const line of rl) {
    const [cmd, a, b] = line.trim().split(/\s+/);
    try {
      if (!cmd) continue;
      if (cmd === 'quit' || cmd === 'exit') break;
      else if (cmd === 'cards') SAMPLE_CARDS.forEach((s, i) => io.out(`  ${i + 1}. ${s.id}  ${s.label}`));
      else if (cmd === 'place') {
        const sample = SAMPLE_CARDS.find((s, i) => s.id === a || String(i + 1) === a);
        if (!sample) io.err('没有这张示例证件，输入 cards 查看');
        else {
          sim.placeCard(sample.card);
          io.out(`已放上: ${sample.label}`);
        }
      } else if (cmd === 'remove') sim.removeCard();
      else if (cmd === 'sam') {
        sim.setSamError(a === 'ok' ? null : parseInt(a ?? '60', 16));
        io.out(a === 'ok' ? '安全模块已恢复' : `安全模块故障: ${describeSw3(parseInt(a ?? '60', 16)).code}`);
      } else if (cmd === 'fail') {
        const target = (a ?? 'any') as Parameters<IdCardSimulator['failNext']>[0];
        sim.failNext(target, parseInt(b ?? '41', 16), Number(line.trim().split(/\s+/)[3] ?? 1));
      } else if (cmd === 'corrupt') sim.corruptNext('any', Number(a ?? 1));
      else if (cmd === 'silent') sim.silenceNext('any', Number(a ?? 1));
      else if (cmd === 'noise') sim.faults = { ...sim.faults, garbageBytes: Number(a ?? 0) };
      else if (cmd === 'slow') sim.faults = { ...sim.faults, chunkSize: Number(a ?? 0), chunkDelayMs: Number(b ?? 0) };
      else if (cmd === 'unplug') {
        await sim.unplug();
        io.out('已拔出');
      } else if (cmd === 'replug') {
        await sim.replug();
        io.out('已插回');
      } else if (cmd === 'log') io.out(sim.log.slice(-20).join('  '));
      else HELP.forEach((l) => io.out(l));
    } catch (e) {
      io.err(`出错: ${(e as Error).message}`);
    }
  }
  await sim.close();
  await pair.close();
  return 0;
}
