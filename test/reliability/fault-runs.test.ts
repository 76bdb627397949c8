// Issue 6: ≥ 200 seeded fault runs in CI. Each run SIGKILLs the terminal and/or the platform at
// seeded moments and hook points, turns on platform faults (lost responses after commit, resets,
// 5xx, 429, stalls, slow drip), then drains and checks the invariant (harness/invariant.ts).
// A failure prints the seed and its timeline; `SEED=<n> npx vitest run test/reliability/fault-runs.test.ts`
// reruns that one seed. FAULT_RUNS / FAULT_CONCURRENCY / FAULT_SEED_BASE tune the sweep.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundles } from './harness/fault-run';
import {
  coverage,
  describeFailure,
  describeSummary,
  prepareBundles,
  runMany,
  seedList,
  summarize,
} from './harness/many';
import type { SeedResult } from './harness/many';

const RUNS = Number(process.env.FAULT_RUNS ?? 200);
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 4);

describe('fault runs: SIGKILL, lost responses, 5xx/429, stalls', () => {
  let bundles: Bundles;
  beforeAll(async () => {
    bundles = await prepareBundles();
  });

  it(
    `every committed transaction reaches the platform exactly once (${RUNS} seeded runs)`,
    async () => {
      const { seeds, base } = seedList(RUNS);
      console.log(
        `fault runs: ${seeds.length} seeds from ${base ?? seeds[0]} (FAULT_SEED_BASE=${base ?? ''}), concurrency ${CONCURRENCY}`,
      );
      const t0 = Date.now();
      const results: SeedResult[] = await runMany({
        seeds,
        concurrency: CONCURRENCY,
        bundles,
        maxFailures: 5,
        onResult: (r, done) => {
          if (!r.ok || r.harnessAttempt)
            console.log(describeFailure(r, 'npx vitest run test/reliability/fault-runs.test.ts'));
          else if (done % 25 === 0)
            console.log(`  ${done}/${seeds.length} runs ok (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        },
      });
      const summary = summarize(results);
      const items = results.reduce((n, r) => n + r.counts.items, 0);
      console.log(
        `fault runs: ${describeSummary(summary, results.length)}; ${items} transactions, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
      console.log(`coverage: ${coverage(results)}`);
      expect(results.filter((r) => !r.ok).map((r) => `${r.failure} seed ${r.seed}: ${r.problems[0]}`)).toEqual([]);
      expect(results.length).toBe(seeds.length);
    },
    15 * 60_000,
  );
});
