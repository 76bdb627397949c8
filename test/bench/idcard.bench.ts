// ID card reader: time from placing a card in the simulator to the decoded identity in the host,
// over a real pty, against the wire time of the bytes exchanged at 115200 8N1 (the physical
// limit). The simulator paces its output (and charges each command's own UART time) so the pty
// behaves like a real 115200-baud line. Goal: mean latency ≤ 1.2 × wire time + half the polling
// interval (a card lands at a random moment in the polling cycle, so it waits half a cycle on
// average before the next find).
import { IdCardReader } from '../../drivers/idcard/driver';
import { IdCardSimulator } from '../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../drivers/sim/pty-pair';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';

const BAUD = 115_200;
const POLL_MS = 300;
const PLACEMENTS = 20;
const wireMs = (bytes: number) => (bytes * 10 * 1000) / BAUD;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const pair = await PtyPair.open();
  const sim = new IdCardSimulator({ pair });
  await sim.open();
  sim.faults = { ...sim.faults, pacedBaud: BAUD };
  const reader = new IdCardReader({ port: pair.hostPath, baudRate: BAUD, pollIntervalMs: POLL_MS });
  let resolveCard: ((at: number) => void) | null = null;
  let resolveRemoved: (() => void) | null = null;
  reader.on('card', () => resolveCard?.(performance.now()));
  reader.on('removed', () => resolveRemoved?.());
  await reader.start();
  if (reader.status.state !== 'ready') throw new Error(`reader not ready: ${reader.status.state}`);

  const rows: { latency: number; wire: number; cycle: number }[] = [];
  let lastFind = performance.now();
  let firstFindAfterPlacement = 0;
  sim.onCommand = (cmd, at) => {
    if (cmd !== '20 01') return;
    lastFind = at;
    if (firstFindAfterPlacement === 0 && at > sim.counters.placedAt) firstFindAfterPlacement = at;
  };
  try {
    // One unmeasured read first, so JIT warm-up is not charged to the first placement.
    {
      const warm = new Promise<number>((r) => (resolveCard = r));
      sim.placeCard(SAMPLE_CARDS[0]!.card);
      await warm;
      const removed = new Promise<void>((r) => (resolveRemoved = r));
      sim.removeCard();
      await removed;
    }
    for (let i = 0; i < PLACEMENTS; i++) {
      // Spread the placements evenly over the polling cycle (stratified, so the mean wait for the
      // next poll is half the interval by design rather than by luck of a few random draws).
      const phase = ((i + 0.5) / PLACEMENTS) * POLL_MS;
      await sleep(lastFind + phase - performance.now());
      firstFindAfterPlacement = 0;
      const before = { ...reader.counters };
      const gotCard = new Promise<number>((r) => (resolveCard = r));
      sim.placeCard(SAMPLE_CARDS[i % SAMPLE_CARDS.length]!.card);
      const placedAt = sim.counters.placedAt;
      const cardAt = await Promise.race([gotCard, sleep(5000).then(() => -1)]);
      if (cardAt < 0) throw new Error('no card event within 5 s');
      const bytes = reader.counters.bytesIn - before.bytesIn + (reader.counters.bytesOut - before.bytesOut);
      // The poll in flight when the card landed may have been a "no card" find: count only the
      // exchange that read the card (find 10+15, select 10+19, read 10+1295 bytes).
      const cycleBytes = 10 + 15 + 10 + 19 + 10 + 1295;
      rows.push({
        latency: cardAt - placedAt,
        wire: wireMs(Math.min(bytes, cycleBytes)),
        cycle: cardAt - (firstFindAfterPlacement || placedAt),
      });
      const removed = new Promise<void>((r) => (resolveRemoved = r));
      sim.removeCard();
      await removed;
    }
  } finally {
    await reader.stop();
    await sim.close();
    await pair.close();
  }

  if (process.env.BENCH_VERBOSE)
    for (const r of rows)
      console.log(`    latency ${r.latency.toFixed(1)} cycle ${r.cycle.toFixed(1)} wire ${r.wire.toFixed(1)}`);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const latency = mean(rows.map((r) => r.latency));
  const wire = mean(rows.map((r) => r.wire));
  const cycle = mean(rows.map((r) => r.cycle));
  const budget = 1.2 * wire + POLL_MS / 2;
  const met = latency <= budget;
  console.log(`idcard: ${PLACEMENTS} placements, ${BAUD} baud, poll ${POLL_MS} ms`);
  console.log(`  wire time of the read exchange (physical limit): ${wire.toFixed(1)} ms`);
  console.log(
    `  placement → decoded identity: mean ${latency.toFixed(1)} ms, p50 ${pct(
      rows.map((r) => r.latency),
      0.5,
    ).toFixed(1)}, p95 ${pct(
      rows.map((r) => r.latency),
      0.95,
    ).toFixed(1)}, max ${Math.max(...rows.map((r) => r.latency)).toFixed(1)}`,
  );
  console.log(
    `  first find → decoded identity: mean ${cycle.toFixed(1)} ms = ${(cycle / wire).toFixed(2)} × wire time`,
  );
  console.log(
    `  latency / wire time: ${(latency / wire).toFixed(2)} ×; budget (1.2 × wire + poll/2) = ${budget.toFixed(1)} ms = ${(budget / wire).toFixed(2)} × wire`,
  );
  console.log(
    `  goal latency ≤ 1.2 × wire + poll/2: ${met ? 'MET' : 'MISSED'} (${(latency / budget).toFixed(2)} of budget)`,
  );
  return met ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
