// Drain 1,000 and 10,000 queued transactions (~1.1 KB of JSON each) over the V2G link (64 kbit/s,
// 400 ms RTT, 3 % loss), real terminal and reference platform over HTTPS between two namespaces.
// Measured in this run: the raw link (TCP bulk goodput, RTT) and a naive sender (one signed POST
// per transaction) on a sample of NAIVE_SAMPLE transactions, projected to 1,000 and 10,000.
// Goals (issue 6): goodput ≥ 0.70 of link capacity, ≤ 300 B per transaction on the wire (both
// directions, every IP byte incl. TCP/TLS/HTTP overhead and retransmissions), 1,000 in ≤ 45 s.
// DRAIN_SIZES=1000 runs only the first drain (quick look).
import { Goals } from '../reliability/harness/report';
import { prepareLinkBundles, startLinkSession } from '../reliability/harness/link-session';
import type { LinkSession } from '../reliability/harness/link-session';
import { measureLink } from '../reliability/netlab/measure-link';
import { V2G } from '../reliability/netlab/profiles';
import { startWeakLink } from '../reliability/netlab/weak-link';
import type { WeakLink } from '../reliability/netlab/weak-link';

const SIZES = (process.env.DRAIN_SIZES ?? '1000,10000').split(',').map(Number);
const NAIVE_SAMPLE = Number(process.env.NAIVE_SAMPLE ?? 200);

interface Drain {
  count: number;
  seconds: number;
  upBytes: number;
  downBytes: number;
  batchBodyBytes: number;
  lostPackets: number;
}

async function drain(link: WeakLink, session: LinkSession, count: number, seed: number): Promise<Drain> {
  const t = await session.startTerminal({ plan: { seed, count, poison: {}, attachments: {} }, fillFirst: true });
  try {
    await t.waitEvent((e) => e.ev === 'enrolled', 60_000);
    // The engine starts right after the fill; the clock starts with it.
    const enqueued = await t.waitEvent((e) => e.ev === 'enqueued', 600_000);
    const before = await link.stats();
    const drained = await t.waitEvent((e) => e.ev === 'drained', 30 * 60_000);
    const after = await link.stats();
    if (drained.acked !== count) throw new Error(`drained with ${drained.acked} of ${count} acknowledged`);
    return {
      count,
      seconds: (drained.at - enqueued.at) / 1000,
      upBytes: after.up.rxBytes - before.up.rxBytes,
      downBytes: after.down.rxBytes - before.down.rxBytes,
      batchBodyBytes: drained.batchBytes!.ok,
      lostPackets: after.up.lost - before.up.lost + after.down.lost - before.down.lost,
    };
  } finally {
    await t.proc.kill();
  }
}

const link = await startWeakLink({ ...V2G, seed: 20_261_122 });
let session: LinkSession | undefined;
try {
  const capacity = V2G.rateKbit * 1000;
  console.log(
    `V2G link: ${V2G.rateKbit} kbit/s each way, ${V2G.rttMs} ms RTT, ${V2G.lossPct} % loss (userspace TUN emulator)`,
  );
  const base = await measureLink(link, { pings: 7, bulkBytes: 96 * 1024 });
  console.log(
    `baseline, raw link: RTT min ${base.rttMs.min.toFixed(0)} / median ${base.rttMs.median.toFixed(0)} ms; TCP bulk ${(base.bulkBytes / 1024).toFixed(0)} KiB ` +
      `at ${(base.tcpGoodputBitS / 1000).toFixed(1)} kbit/s = ${base.tcpGoodputRatio.toFixed(2)} of capacity`,
  );
  session = await startLinkSession(link, await prepareLinkBundles());

  const naive = await session.runNaive(
    { seed: 99, count: NAIVE_SAMPLE, poison: {}, attachments: {} },
    NAIVE_SAMPLE,
    30 * 60_000,
  );
  const naiveTxPerS = naive.count / (naive.ms / 1000);
  console.log(
    `baseline, naive sender (1 signed POST per transaction, uncompressed, keep-alive): ${naive.count} in ${(naive.ms / 1000).toFixed(1)} s = ` +
      `${naiveTxPerS.toFixed(2)} tx/s, ${(naive.bodyBytes / naive.count).toFixed(0)} body B/tx; projected 1,000 in ${(1000 / naiveTxPerS / 60).toFixed(1)} min, ` +
      `10,000 in ${(10000 / naiveTxPerS / 60).toFixed(0)} min`,
  );

  const goals = new Goals();
  for (const [i, count] of SIZES.entries()) {
    const d = await drain(link, session, count, 1000 + i);
    const txPerS = d.count / d.seconds;
    const goodput = (d.batchBodyBytes * 8) / d.seconds;
    const wirePerTx = (d.upBytes + d.downBytes) / d.count;
    console.log(
      `\ndrain ${count.toLocaleString('en')}: ${d.seconds.toFixed(1)} s, ${txPerS.toFixed(1)} tx/s = ${(txPerS / naiveTxPerS).toFixed(1)} × the naive sender\n` +
        `  goodput (batch bodies acknowledged) ${(goodput / 1000).toFixed(1)} kbit/s = ${(goodput / capacity).toFixed(2)} of capacity, ` +
        `${(goodput / base.tcpGoodputBitS).toFixed(2)} of raw TCP bulk goodput\n` +
        `  on the wire ${wirePerTx.toFixed(0)} B/tx (${(d.upBytes / d.count).toFixed(0)} up + ${(d.downBytes / d.count).toFixed(0)} down), ` +
        `batch body ${(d.batchBodyBytes / d.count).toFixed(0)} B/tx; upload direction busy ${((d.upBytes * 8) / d.seconds / capacity).toFixed(2)} of capacity; ${d.lostPackets} packets lost`,
    );
    goals.check(
      `${count.toLocaleString('en')}: goodput ≥ 0.70 of link capacity`,
      goodput / capacity >= 0.7,
      (goodput / capacity).toFixed(2),
    );
    goals.check(
      `${count.toLocaleString('en')}: ≤ 300 B per transaction on the wire`,
      wirePerTx <= 300,
      `${wirePerTx.toFixed(0)} B`,
    );
    if (count === 1000) goals.check('1,000 drained in ≤ 45 s', d.seconds <= 45, `${d.seconds.toFixed(1)} s`);
    if (count === 10000) console.log(`  (reference target G4: 10,000 in ≤ 8 min — ${(d.seconds / 60).toFixed(1)} min)`);
  }
  process.exitCode = goals.report();
} finally {
  await session?.close();
  await link.close();
}
