// `npm run soak`: the fault runs of fault-runs.test.ts by the thousand (SOAK_RUNS, default 2000),
// same code, printing every failing seed with its timeline. Exit code 1 if any run failed.
// `npm run soak -- journeys --runs 1000`: 1,000 villager journeys against a host SIGKILLed at
// random moments (journeys.test.ts), in seeded runs of up to 200 journeys on fresh data folders.
import { soakJourneys } from './journey-soak';
import {
  coverage,
  describeFailure,
  describeSummary,
  prepareBundles,
  runMany,
  seedList,
  summarize,
} from './harness/many';

if (process.argv[2] === 'journeys') {
  const i = process.argv.indexOf('--runs');
  process.exit(await soakJourneys(i > 0 ? Number(process.argv[i + 1]) : 1000));
}

const runs = Number(process.env.SOAK_RUNS ?? 2000);
const concurrency = Number(process.env.FAULT_CONCURRENCY ?? 4);
const { seeds, base } = seedList(runs);
console.log(`soak: ${seeds.length} seeded fault runs from ${base ?? seeds[0]}, concurrency ${concurrency}`);
const t0 = Date.now();
const bundles = await prepareBundles();
const results = await runMany({
  seeds,
  concurrency,
  bundles,
  keepDir: false,
  onResult: (r, done) => {
    if (!r.ok || r.harnessAttempt) console.log(describeFailure(r, 'npm run soak'));
    if (done % 100 === 0) console.log(`  ${done}/${seeds.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  },
});
const summary = summarize(results);
console.log(`soak: ${describeSummary(summary, results.length)}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`coverage: ${coverage(results)}`);
process.exit(summary.ok ? 0 : 1);
