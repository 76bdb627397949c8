// The long version of journeys.test.ts (`npm run soak -- journeys --runs <journeys>`): seeded runs
// of up to 200 journeys one after another (each loads both cores), every failing run printed with
// its seed and timeline, then the totals. Returns the exit code.
import { prepareJourneyBundles, seedList } from './harness/many';
import { runJourneySeed } from './harness/journey-run';
import type { JourneyRunResult } from './harness/journey-run';

const PER_RUN = 200;

export async function soakJourneys(total: number): Promise<number> {
  const runs = Math.ceil(total / PER_RUN);
  const { seeds } = seedList(runs);
  console.log(`soak journeys: ${total} journeys in ${runs} runs, seeds ${seeds.join(' ')}`);
  const t0 = Date.now();
  const bundles = await prepareJourneyBundles();
  const results: JourneyRunResult[] = [];
  for (const [k, seed] of seeds.entries()) {
    const journeys = Math.min(PER_RUN, total - k * PER_RUN);
    let r = await runJourneySeed({ seed, journeys, killChance: 0.12, killDelayMs: [0, 150] }, bundles);
    if (r.failure === 'harness') {
      console.log(`seed ${seed}: harness failure (${r.problems[0]}), retrying once`);
      r = await runJourneySeed({ seed, journeys, killChance: 0.12, killDelayMs: [0, 150] }, bundles);
    }
    results.push(r);
    console.log(
      `  seed ${seed}: ${r.ok ? 'ok' : `FAILED (${r.failure})`} — ${r.saved}/${journeys} saved, ${r.kills} kills, ${r.redone} redone (${r.answerLost} answer lost after the save), ` +
        `${r.onPlatform} applied, ${r.rejected} rejected, ${(r.ms / 1000).toFixed(0)} s`,
    );
    if (!r.ok)
      console.log(
        [...r.problems.slice(0, 20).map((p) => `  - ${p}`), '  timeline:', ...r.timeline.map((l) => `    ${l}`)].join(
          '\n',
        ),
      );
  }
  const sum = (f: (r: JourneyRunResult) => number): number => results.reduce((n, r) => n + f(r), 0);
  const lost = results.flatMap((r) => r.problems.filter((p) => p.startsWith('LOST'))).length;
  const dup = results.flatMap((r) => r.problems.filter((p) => p.startsWith('DUPLICATE'))).length;
  console.log(
    `soak journeys: ${sum((r) => r.saved)}/${total} saved in ${((Date.now() - t0) / 1000).toFixed(0)} s; host SIGKILLs ${sum((r) => r.kills)}, ` +
      `journeys redone ${sum((r) => r.redone)} (answer lost after the save ${sum((r) => r.answerLost)}); applied on the platform ${sum((r) => r.onPlatform)}, rejected by it ${sum((r) => r.rejected)}; ` +
      `lost ${lost}, duplicated ${dup}; failed runs ${
        results
          .filter((r) => !r.ok)
          .map((r) => `${r.seed} (${r.failure})`)
          .join(' ') || 'none'
      }`,
  );
  return results.every((r) => r.ok) ? 0 : 1;
}
