// Issue 10 item 10: villager journeys over the KioskApi while the host is SIGKILLed at random
// moments and restarted on the same data folder, with the reference platform syncing beside it.
// Every journey that showed 已保存 keeps its transaction and outbox row, integrity_check is ok,
// and the platform applies each transaction exactly once (harness/journey-invariant.ts).
// JOURNEY_SEED=<n> replays a run; `npm run soak -- journeys --runs 1000` is the long version.
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareJourneyBundles } from './harness/many';
import { runJourneySeed } from './harness/journey-run';
import type { JourneyBundles } from './harness/journey-run';

const JOURNEYS = Number(process.env.JOURNEYS ?? 100);

describe('journeys against a host that is killed at random moments', () => {
  let bundles: JourneyBundles;
  beforeAll(async () => {
    bundles = await prepareJourneyBundles();
  });

  it(`${JOURNEYS} seeded journeys: nothing shown as saved is lost, nothing is applied twice`, async () => {
    const seed = process.env.JOURNEY_SEED ? Number(process.env.JOURNEY_SEED) : Math.floor(Math.random() * 1e9);
    const r = await runJourneySeed({ seed, journeys: JOURNEYS, killChance: 0.12, killDelayMs: [0, 150] }, bundles);
    console.log(
      `journeys (JOURNEY_SEED=${seed}): ${r.saved}/${JOURNEYS} saved, ${r.kills} host SIGKILLs, ${r.redone} journeys redone (${r.answerLost} of them saved before the kill, answer lost), ` +
        `${r.onPlatform} applied on the platform, ${r.rejected} rejected by it, ${(r.ms / 1000).toFixed(1)} s`,
    );
    if (!r.ok) console.log(r.timeline.join('\n'));
    expect(r.problems).toEqual([]);
    expect(r.saved).toBe(JOURNEYS);
    // The host refuses up front what the platform would refuse (card-prefilled values included).
    expect(r.rejected).toBe(0);
    // The kills really happened, and some of them landed in the middle of a journey.
    expect(r.kills).toBeGreaterThanOrEqual(3);
    expect(r.redone).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
