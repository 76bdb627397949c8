// Issue 6, weak link: the real terminal and the reference platform in two network namespaces
// joined by the TUN link emulator, over HTTPS, with the engine's production settings.
//   V2G (64 kbit/s, 400 ms RTT, 3 % loss): 200 queued transactions drain, none lost or doubled.
//   Blackout (45 s, both directions): once the link returns, acknowledged progress within 15 s.
// Root only: CI runs as root; without root this fails with the reason instead of skipping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from './harness/admin';
import { checkInvariant } from './harness/invariant';
import type { PlatformTx, TerminalRow } from './harness/invariant';
import { prepareLinkBundles, startLinkSession } from './harness/link-session';
import type { LinkSession } from './harness/link-session';
import type { RunPlan } from './harness/plan';
import { BLACKOUT_MS, V2G } from './netlab/profiles';
import { requireRoot, startWeakLink } from './netlab/weak-link';
import type { WeakLink } from './netlab/weak-link';
import Database from 'better-sqlite3';
import { join } from 'node:path';

async function platformTxs(session: LinkSession, deviceId: string): Promise<PlatformTx[]> {
  const r = await adminCall<{ transactions: PlatformTx[] }>(
    session.admin,
    'GET',
    `/admin/transactions?device_id=${encodeURIComponent(deviceId)}&limit=100000`,
  );
  return r.transactions;
}

function terminalRows(session: LinkSession, n: number): TerminalRow[] {
  const db = new Database(join(session.dir, `terminal-${n}.db`), { readonly: true });
  try {
    return db
      .prepare('SELECT seq, tx_id, state, payload_sha256, server_ref, code FROM sync_outbox ORDER BY seq')
      .all() as TerminalRow[];
  } finally {
    db.close();
  }
}

describe('weak link (TUN emulator, namespaces, HTTPS)', () => {
  let link: WeakLink | undefined;
  let session: LinkSession | undefined;

  beforeAll(async () => {
    requireRoot('test/reliability/weak-link.test.ts');
    const bundles = await prepareLinkBundles();
    link = await startWeakLink({ ...V2G, seed: 64_400_3 });
    session = await startLinkSession(link, bundles);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await link?.close();
  });

  it('V2G: 200 queued transactions drain, each exactly once with its payload hash', async () => {
    const plan: RunPlan = { seed: 7_200, count: 200, poison: { 57: 'validation_failed' }, attachments: {} };
    const t = await session!.startTerminal({ plan, fillFirst: true });
    const enrolled = await t.waitEvent((e) => e.ev === 'enrolled', 60_000);
    await t.waitEvent((e) => e.ev === 'enqueued', 30_000);
    const before = await link!.stats();
    const drained = await t.waitEvent((e) => e.ev === 'drained', 120_000);
    const after = await link!.stats();
    await t.proc.kill();
    const seconds = (drained.at - enrolled.at) / 1000;
    const up = after.up.rxBytes - before.up.rxBytes;
    const down = after.down.rxBytes - before.down.rxBytes;
    console.log(
      `V2G drain of 200: ${seconds.toFixed(1)} s, ${(up / 200).toFixed(0)} B/tx up + ${(down / 200).toFixed(0)} B/tx down on the wire, ` +
        `batch bodies ${(drained.batchBytes!.ok / 200).toFixed(0)} B/tx, lost ${after.up.lost - before.up.lost}/${after.down.lost - before.down.lost} packets up/down`,
    );
    const deviceId = enrolled.deviceId!;
    const problems = checkInvariant({
      plan,
      rows: terminalRows(session!, 1),
      platformTxs: await platformTxs(session!, deviceId),
      savedLines: new Map(),
    });
    expect(problems).toEqual([]);
    expect(drained.acked).toBe(199);
    expect(drained.rejected).toBe(1);
  }, 150_000);

  it('after a 45 s blackout, acknowledged progress resumes within 15 s of the link returning', async () => {
    const plan: RunPlan = { seed: 7_201, count: 600, poison: {}, attachments: {} };
    const t = await session!.startTerminal({ plan, fillFirst: true });
    const enrolled = await t.waitEvent((e) => e.ev === 'enrolled', 60_000);
    // Cut the link once uploads are flowing, so a batch is in flight when it goes dark.
    const first = await t.waitEvent((e) => e.ev === 'progress' && (e.acked ?? 0) > 0, 60_000);
    await link!.down();
    const darkAt = performance.now();
    await new Promise((r) => setTimeout(r, BLACKOUT_MS));
    const ackedWhenBack = Math.max(...t.events.filter((e) => e.ev === 'progress').map((e) => e.acked ?? 0));
    await link!.up();
    const backAt = performance.now();
    const resumed = await t.waitEvent(
      (e) => e.ev === 'progress' && e.at > backAt && (e.acked ?? 0) > ackedWhenBack,
      90_000,
    );
    const drained = await t.waitEvent((e) => e.ev === 'drained', 120_000);
    await t.proc.kill();
    const recoveryS = (resumed.at - backAt) / 1000;
    console.log(
      `blackout: dark ${((backAt - darkAt) / 1000).toFixed(1)} s with ${first.acked}→${ackedWhenBack} acked; first acknowledged progress ` +
        `${recoveryS.toFixed(1)} s after the link returned; all ${drained.acked} drained ${((drained.at - backAt) / 1000).toFixed(1)} s after`,
    );
    const deviceId = enrolled.deviceId!;
    expect(
      checkInvariant({
        plan,
        rows: terminalRows(session!, 2),
        platformTxs: await platformTxs(session!, deviceId),
        savedLines: new Map(),
      }),
    ).toEqual([]);
    expect(recoveryS).toBeLessThanOrEqual(15);
  }, 240_000);
});
