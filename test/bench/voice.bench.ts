// Spoken prompts benchmark: a dynamic prompt (a masked name, a receipt number read digit by digit,
// an amount) is rendered by espeak-ng on demand through the SpeechService, a cache miss each time.
// Goals: p95 ≤ 300 ms per prompt (issue #13), and the service adds little to espeak-ng itself:
// p95 of the service ≤ 1.25 × p95 of bare espeak-ng runs on the same texts, measured in this run.
// Cache hits are printed too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { speakable } from '../../rules/speakable';
import { findEspeak } from '../../main/speech/espeak-engine';
import { SpeechCache } from '../../main/speech/speech-cache';
import { SpeechService } from '../../main/speech/speech-service';

const LIMIT_MS = 300;
const RATIO_GOAL = 1.25;
const N = 60;

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
function prompts(round: number): string[] {
  return Array.from({ length: N }, (_, i) => {
    const k = round * N + i;
    const digits = String(10_000_000_000 + k * 7_919).slice(-11);
    const local = `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}${k % 10}`;
    switch (i % 3) {
      case 0:
        return zhCN.services.prompt(`${surnames[k % surnames.length]}*${i % 2 ? '芳' : ''}`);
      case 1:
        return zhCN.done.prompt(local);
      default:
        return `本次补贴金额 ${100 + k} 元 ${k % 100} 角，受理编号 ${local}。`;
    }
  });
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

async function main(): Promise<void> {
  const engine = findEspeak();
  if (!engine) {
    console.log('espeak-ng with its cmn voice is not installed (scripts/ensure-system-deps.sh)');
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'voice-bench-'));
  let met = false;
  try {
    const speech = new SpeechService(engine, new SpeechCache(join(dir, 'speech'), 256 * 1024 * 1024));
    for (const t of prompts(99).slice(0, 5)) await speech.prepare(t); // warm-up: page cache, JIT

    const bare: number[] = [];
    for (const t of prompts(1)) {
      const t0 = performance.now();
      const r = spawnSync('espeak-ng', ['-v', 'cmn', '-s', '150', '-b', '1', '--stdout', '--stdin'], {
        input: speakable(t),
        maxBuffer: 16 * 1024 * 1024,
      });
      bare.push(performance.now() - t0);
      if (r.status !== 0) throw new Error('espeak-ng failed');
    }
    const miss: number[] = [];
    for (const t of prompts(2)) {
      const t0 = performance.now();
      if ((await speech.prepare(t)) === null) throw new Error('render failed');
      miss.push(performance.now() - t0);
    }
    const hit: number[] = [];
    for (const t of prompts(2)) {
      const t0 = performance.now();
      const key = await speech.prepare(t);
      speech.read(key!);
      hit.push(performance.now() - t0);
    }
    const ratio = p95(miss) / p95(bare);
    console.log(`dynamic prompts, ${N} each, one at a time:`);
    console.log(`  bare espeak-ng        p95 ${p95(bare).toFixed(1)} ms`);
    console.log(`  render on demand      p95 ${p95(miss).toFixed(1)} ms   (limit ${LIMIT_MS} ms)`);
    console.log(`  service / bare        ${ratio.toFixed(2)}   (goal ≤ ${RATIO_GOAL})`);
    console.log(`  cache hit (+ read)    p95 ${p95(hit).toFixed(2)} ms`);
    met = p95(miss) <= LIMIT_MS && ratio <= RATIO_GOAL;
    console.log(met ? 'voice: goals met' : 'voice: goal NOT met');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(met ? 0 : 1);
}

void main();
