// Runs many seeds with a small pool (the runs mostly wait on timers and child processes, so a few
// overlap well on two cores) and reports the failing seeds with their timelines.
import { bundleEntry } from './bundle';
import { runFaultSeed } from './fault-run';
import type { Bundles, FaultRunResult } from './fault-run';

export async function prepareBundles(): Promise<Bundles> {
  const [terminal, platform] = await Promise.all([
    bundleEntry('test/reliability/harness/terminal.ts'),
    bundleEntry('test/reliability/harness/platform-main.ts'),
  ]);
  return { terminal, platform };
}

export interface ManyOptions {
  seeds: number[];
  concurrency: number;
  bundles: Bundles;
  keepDir?: boolean;
  /** Called after each run (progress output). */
  onResult?: (r: FaultRunResult, done: number) => void;
  /** Stop starting new runs once this many have failed. */
  maxFailures?: number;
}

export async function runMany(opts: ManyOptions): Promise<FaultRunResult[]> {
  const results: FaultRunResult[] = [];
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.seeds.length && failures < (opts.maxFailures ?? Infinity)) {
      const seed = opts.seeds[next++]!;
      const r = await runFaultSeed(seed, opts.bundles, { keepDir: opts.keepDir });
      if (!r.ok) failures += 1;
      results.push(r);
      opts.onResult?.(r, results.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return results;
}

export function describeFailure(r: FaultRunResult, rerun: string): string {
  return [
    `FAILED seed ${r.seed} (${r.ms} ms) — rerun with: SEED=${r.seed} ${rerun}`,
    ...r.problems.slice(0, 20).map((p) => `  - ${p}`),
    '  timeline:',
    ...r.timeline.map((l) => `    ${l}`),
  ].join('\n');
}

/** Seeds of a run: SEED=<n> for one, else `count` seeds from a base (FAULT_SEED_BASE or random). */
export function seedList(count: number): { seeds: number[]; base: number | null } {
  if (process.env.SEED) return { seeds: [Number(process.env.SEED)], base: null };
  const base = process.env.FAULT_SEED_BASE ? Number(process.env.FAULT_SEED_BASE) : Math.floor(Math.random() * 1e9);
  return { seeds: Array.from({ length: count }, (_, i) => base + i), base };
}

/** How often each kind of fault actually fired over a sweep (evidence the runs exercise them). */
export function coverage(results: FaultRunResult[]): string {
  const hooks: Record<string, number> = {};
  const faults: Record<string, number> = {};
  let resets = 0;
  let terminalKills = 0;
  let platformKills = 0;
  for (const r of results) {
    if (r.fired.hook) hooks[r.fired.hook] = (hooks[r.fired.hook] ?? 0) + 1;
    for (const [k, v] of Object.entries(r.fired.faults)) faults[k] = (faults[k] ?? 0) + v;
    resets += r.fired.proxyResets;
    terminalKills += r.counts.terminalIncarnations - 1;
    platformKills += r.counts.platformIncarnations - 1;
  }
  const fmt = (o: Record<string, number>): string => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return (
    `terminal deaths ${terminalKills} (self-kills at hooks: ${fmt(hooks)}), platform SIGKILLs ${platformKills}, ` +
    `platform faults fired (last incarnation of each run): ${fmt(faults)}, connection resets by the relay ${resets}`
  );
}
