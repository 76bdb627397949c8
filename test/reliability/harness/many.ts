// Runs many seeds with a small pool (the runs mostly wait on timers and child processes, so a few
// overlap well on two cores) and reports the failing seeds with their timelines. A run that failed
// before its scenario ran (a harness failure, fault-run.ts) is run once more with the same seed;
// harness failures are reported apart from invariant failures and only the latter count as the
// system failing. A seed that fails in the harness twice was never tested: the sweep reports it
// as not run and fails too, so a broken harness cannot pass as a clean sweep.
import { bundleEntry } from './bundle';
import { runFaultSeed } from './fault-run';
import type { Bundles, FaultRunResult } from './fault-run';
import type { JourneyBundles } from './journey-run';

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
  onResult?: (r: SeedResult, done: number) => void;
  /** Stop starting new runs once this many have failed their invariant. */
  maxFailures?: number;
  /** One run (tests replace it); runFaultSeed by default. */
  run?: (seed: number, bundles: Bundles, opts: { keepDir?: boolean }) => Promise<FaultRunResult>;
}

/** The run that counts for a seed; `harnessAttempt` is its first try when that failed in the harness. */
export type SeedResult = FaultRunResult & { harnessAttempt?: FaultRunResult };

export async function runMany(opts: ManyOptions): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  const run = opts.run ?? runFaultSeed;
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.seeds.length && failures < (opts.maxFailures ?? Infinity)) {
      const seed = opts.seeds[next++]!;
      let r: SeedResult = await run(seed, opts.bundles, { keepDir: opts.keepDir });
      if (r.failure === 'harness')
        r = { ...(await run(seed, opts.bundles, { keepDir: opts.keepDir })), harnessAttempt: r };
      if (r.failure === 'invariant') failures += 1;
      results.push(r);
      opts.onResult?.(r, results.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return results;
}

export interface SweepSummary {
  /** Seeds whose scenario ran and held. */
  held: number;
  /** Seeds whose scenario ran and broke the invariant: these fail the sweep. */
  invariant: number[];
  /** Seeds whose first try failed in the harness and whose retry ran (whatever its outcome). */
  harnessRetried: number[];
  /** Seeds that failed in the harness twice: never tested, so they fail the sweep too. */
  notRun: number[];
  /** True when the sweep passes. */
  ok: boolean;
}

export function summarize(results: readonly SeedResult[]): SweepSummary {
  const invariant = results.filter((r) => r.failure === 'invariant').map((r) => r.seed);
  const notRun = results.filter((r) => r.failure === 'harness').map((r) => r.seed);
  return {
    held: results.filter((r) => r.ok).length,
    invariant,
    harnessRetried: results.filter((r) => r.harnessAttempt).map((r) => r.seed),
    notRun,
    ok: invariant.length === 0 && notRun.length === 0,
  };
}

export function describeSummary(s: SweepSummary, total: number): string {
  return (
    `${s.held}/${total} held the invariant; invariant failures ${s.invariant.length}${s.invariant.length ? ` (seeds ${s.invariant.join(' ')})` : ''}; ` +
    `harness failures retried ${s.harnessRetried.length}${s.harnessRetried.length ? ` (seeds ${s.harnessRetried.join(' ')})` : ''}; ` +
    `not run after a retry ${s.notRun.length}${s.notRun.length ? ` (seeds ${s.notRun.join(' ')})` : ''}`
  );
}

export function describeFailure(r: SeedResult, rerun: string): string {
  const first = r.harnessAttempt
    ? [`  first try failed in the harness: ${r.harnessAttempt.problems.slice(0, 3).join(' | ')}`]
    : [];
  return [
    `FAILED (${r.failure ?? 'ok'}) seed ${r.seed} (${r.ms} ms) — rerun with: SEED=${r.seed} ${rerun}`,
    ...first,
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
  const fmt = (o: Record<string, number>): string =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return (
    `terminal deaths ${terminalKills} (self-kills at hooks: ${fmt(hooks)}), platform SIGKILLs ${platformKills}, ` +
    `platform faults fired (last incarnation of each run): ${fmt(faults)}, connection resets by the relay ${resets}`
  );
}

/** Bundles of a journey run: the platform, and the service host placed so its assets resolve. */
export async function prepareJourneyBundles(): Promise<JourneyBundles> {
  const [host, platform] = await Promise.all([
    bundleEntry('test/reliability/harness/host-main.ts', {
      placeAt: 'main/host',
      packagesExternal: true,
      assets: ['seed/catalog.json'],
    }),
    bundleEntry('test/reliability/harness/platform-main.ts'),
  ]);
  return { host, platform };
}
