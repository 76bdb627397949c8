// After a 45 s blackout of the V2G link (both directions, in-flight packets lost), how soon does
// the terminal make acknowledged progress once the link is back? Goal (issue 6): ≤ 15 s.
// Baseline measured in this run on the same link: a plain TCP upload cut by the same blackout
// (the kernel's RTO backoff alone). BLACKOUT_TRIALS (default 3) blackouts hit one draining
// terminal in a row; the goal applies to the worst.
import { Goals } from '../reliability/harness/report';
import { prepareLinkBundles, startLinkSession } from '../reliability/harness/link-session';
import type { LinkSession } from '../reliability/harness/link-session';
import { BLACKOUT_MS, V2G } from '../reliability/netlab/profiles';
import { tcpRecoveryAfterBlackout } from '../reliability/netlab/tcp-recovery';
import { startWeakLink } from '../reliability/netlab/weak-link';

const TRIALS = Number(process.env.BLACKOUT_TRIALS ?? 3);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const link = await startWeakLink({ ...V2G, seed: 45_000 });
let session: LinkSession | undefined;
try {
  console.log(
    `V2G link (${V2G.rateKbit} kbit/s, ${V2G.rttMs} ms RTT, ${V2G.lossPct} % loss), blackouts of ${BLACKOUT_MS / 1000} s`,
  );
  const tcp = await tcpRecoveryAfterBlackout(link, BLACKOUT_MS);
  console.log(
    `baseline, plain TCP upload: first bytes ${(tcp.recoveryMs / 1000).toFixed(1)} s after the link returned`,
  );

  session = await startLinkSession(link, await prepareLinkBundles());
  const t = await session.startTerminal({
    plan: { seed: 4500, count: 4000, poison: {}, attachments: {} },
    fillFirst: true,
  });
  await t.waitEvent((e) => e.ev === 'enrolled', 60_000);
  await t.waitEvent((e) => e.ev === 'progress' && (e.acked ?? 0) > 0, 120_000);
  const recoveries: number[] = [];
  for (let trial = 1; trial <= TRIALS; trial++) {
    // Cut while a batch is in flight: shortly after an acknowledgement, the next batch is on its way.
    const lastAck = t.events.filter((e) => e.ev === 'progress').at(-1)!;
    await t.waitEvent((e) => e.ev === 'progress' && e.at > lastAck.at, 60_000);
    await sleep(1500);
    await link.down();
    await sleep(BLACKOUT_MS);
    const ackedBefore = Math.max(...t.events.filter((e) => e.ev === 'progress').map((e) => e.acked ?? 0));
    await link.up();
    const backAt = performance.now();
    const resumed = await t.waitEvent(
      (e) => e.ev === 'progress' && e.at > backAt && (e.acked ?? 0) > ackedBefore,
      10 * 60_000,
    );
    const s = (resumed.at - backAt) / 1000;
    recoveries.push(s);
    console.log(
      `trial ${trial}: first acknowledged progress ${s.toFixed(1)} s after the link returned (${ackedBefore} → ${resumed.acked} acked) = ${(s / (tcp.recoveryMs / 1000)).toFixed(2)} × plain TCP`,
    );
    await sleep(5000);
  }
  await t.proc.kill();
  const worst = Math.max(...recoveries);
  const goals = new Goals();
  goals.check(
    'first acknowledged progress ≤ 15 s after a 45 s blackout (worst trial)',
    worst <= 15,
    `${worst.toFixed(1)} s (trials ${recoveries.map((r) => r.toFixed(1)).join(', ')} s; plain TCP ${(tcp.recoveryMs / 1000).toFixed(1)} s)`,
  );
  process.exitCode = goals.report();
} finally {
  await session?.close();
  await link.close();
}
