// One seeded journey run (issue 10 item 10): the reference platform and the terminal's service
// host as child processes, `journeys` villager journeys driven over the KioskApi WebSocket while
// the host is SIGKILLed at seeded random moments and restarted on the same data folder; then a
// drain with no more kills, and the checks of journey-invariant.ts against the host's database
// (read after its last death) and the platform's admin API.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { KioskApi } from '../../../main/contract/kiosk-api';
import { createKioskApi, createWireBridge } from '../../../main/contract/wire-client';
import { tokenFromHash, wsUrlFor } from '../../../renderer/api/token';
import { createWsPipe, type WebSocketLike } from '../../../renderer/api/ws-pipe';
import { adminCall } from './admin';
import { classifyFailure } from './fault-run';
import type { FailureKind, RunPhase } from './fault-run';
import type { HostArgs } from './host-main';
import { runJourney } from './journey';
import { checkJourneys } from './journey-invariant';
import type { SavedJourney } from './journey-invariant';
import { stableUuid } from './payloads';
import { supervisePlatform } from './platform-proc';
import type { Proc } from './proc';
import { createRng } from './rng';
import { Supervised } from './supervised';
import { startTcpProxy } from './tcp-proxy';

export interface JourneyBundles {
  host: string;
  platform: string;
}

export interface JourneyRunOptions {
  seed: number;
  journeys: number;
  /**
   * Chance that a journey gets a SIGKILL of the host, `killDelayMs` (uniform, seeded) after it
   * starts: per journey rather than per second, so a fast machine and a loaded one see about the
   * same number of kills, landing anywhere in a journey (or just after it).
   */
  killChance: number;
  killDelayMs: [number, number];
  keepDir?: boolean;
  /** Every timeline line as it happens (debugging a run). */
  onNote?: (line: string) => void;
}

export interface JourneyRunResult {
  seed: number;
  ok: boolean;
  failure: FailureKind | null;
  problems: string[];
  timeline: string[];
  ms: number;
  saved: number;
  kills: number;
  /** Journeys that had to be redone because the host died under them. */
  redone: number;
  /**
   * Of those, the ones whose save had committed before the kill took the answer away: the redo
   * got the saved row back (savedAt before the redo began) instead of saving again.
   */
  answerLost: number;
  /** Transactions the platform holds for this terminal. */
  onPlatform: number;
  /** Saved transactions the platform rejected (a verdict, not a loss: see journey-invariant.ts). */
  rejected: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const platformSeed = fileURLToPath(new URL('../../../seed/catalog.json', import.meta.url));

// Short timers: the host syncs within a fraction of a second of a save and after a restart.
const engine = {
  connectTimeoutMs: 1_000,
  progressTimeoutMs: 2_000,
  deadlineBaseMs: 3_000,
  backoffBaseMs: 15,
  backoffCapMs: 250,
  probeMinMs: 100,
  probeMaxMs: 250,
  idlePollMs: 60_000,
  outageFastRetryMs: 60_000,
  outageRetryCapMs: 250,
  outageConnectTimeoutMs: 1_000,
};

interface Connection {
  proc: Proc;
  api: KioskApi;
  close(): void;
}

/** A KioskApi client on one host incarnation; gives up if that incarnation dies first. */
async function connect(proc: Proc, pageUrl: string): Promise<Connection> {
  const u = new URL(pageUrl);
  const pipe = createWsPipe(
    wsUrlFor(u, tokenFromHash(u.hash)!),
    (url) => new WebSocket(url, { origin: u.origin }) as unknown as WebSocketLike,
  );
  const api = createKioskApi(createWireBridge(pipe));
  const opened = new Promise<void>((resolve) => pipe.onOpen(resolve));
  const died = proc.exited.then(() => {
    throw new Error(`${proc.name} died before its KioskApi connection opened`);
  });
  try {
    await Promise.race([opened, died]);
  } catch (e) {
    pipe.close();
    throw e;
  }
  return { proc, api, close: () => pipe.close() };
}

export async function runJourneySeed(opts: JourneyRunOptions, bundles: JourneyBundles): Promise<JourneyRunResult> {
  const t0 = Date.now();
  const timeline: string[] = [];
  const problems: string[] = [];
  const phases: RunPhase[] = [];
  let phase: RunPhase = 'setup';
  const note = (msg: string): void => {
    const line = `${String(Date.now() - t0).padStart(6)} ms  ${msg}`;
    timeline.push(line);
    opts.onNote?.(line);
  };
  const problem = (msg: string): void => {
    problems.push(msg);
    phases.push(phase);
    note(`PROBLEM (${phase}) ${msg}`);
  };
  const dir = mkdtempSync(join(tmpdir(), `cz-journeys-${opts.seed}-`));
  const dataDir = join(dir, 'terminal');
  const token = randomBytes(12).toString('hex');
  const proxy = await startTcpProxy({
    targetHost: '127.0.0.1',
    targetPort: 0,
    uploadBytesPerS: null,
    resetChance: 0,
    rng: createRng(opts.seed),
  });
  const { proc: platform, admin } = supervisePlatform({
    bundle: bundles.platform,
    args: { dbPath: join(dir, 'platform.db'), adminToken: token, seedPath: platformSeed },
    proxy,
    note,
    problem,
  });

  let enrolCode: string | undefined;
  let conn: Connection | undefined;
  const hostArgs = (incarnation: number): HostArgs => ({
    dataDir,
    platformUrl: `http://127.0.0.1:${proxy.port}`,
    enrolCode: incarnation === 1 ? enrolCode : undefined,
    engine,
  });
  const host = new Supervised(
    'host',
    (n) => [process.execPath, bundles.host, JSON.stringify(hostArgs(n))],
    note,
    problem,
    async (p) => {
      const line = await p.waitFor((l) => l.includes('"listening"'), 30_000);
      conn?.close();
      conn = await connect(p, (JSON.parse(line) as { pageUrl: string }).pageUrl);
    },
  );
  const killed = new WeakSet<Proc>();
  const saved: SavedJourney[] = [];
  let kills = 0;
  let redone = 0;
  let answerLost = 0;
  let onPlatform = 0;
  let rejected = 0;
  let journeysDone = false;

  try {
    await platform.start();
    enrolCode = (await adminCall<{ codes: string[] }>(admin, 'POST', '/admin/enrollment-codes', { count: 1 })).codes[0];
    await host.start();
    phase = 'scenario';
    note('journeys start');

    const killRng = createRng(opts.seed ^ 0x2545f491);
    const pendingKills: Promise<void>[] = [];
    const scheduleKill = (p: Proc, delayMs: number): void => {
      pendingKills.push(
        sleep(delayMs).then(async () => {
          if (journeysDone || host.current !== p || !p.alive()) return;
          killed.add(p);
          kills += 1;
          await host.kill(killRng.pick([0, 0, 50, 200]));
        }),
      );
    };
    for (let i = 0; i < opts.journeys; i++) {
      const requestId = stableUuid(opts.seed, i, 'request');
      const itemSeed = createHash('sha256').update(`journey:${opts.seed}:${i}`).digest().readUInt32LE(0);
      let downSince = Date.now();
      for (let attempt = 1; ; attempt++) {
        await host.settled();
        const c = conn;
        if (!c || c.proc !== host.current || !c.proc.alive()) {
          if (Date.now() - downSince > 60_000) throw new Error(`the host has not been back up for 60 s (journey ${i})`);
          await sleep(20);
          continue;
        }
        downSince = Date.now();
        if (attempt === 1 && killRng.chance(opts.killChance)) scheduleKill(c.proc, killRng.int(...opts.killDelayMs));
        const startedAt = Date.now();
        const outcome = await runJourney(c.api, createRng(itemSeed), requestId);
        if (outcome.saved) {
          if (attempt > 1 && Date.parse(outcome.savedAt) < startedAt) answerLost += 1;
          saved.push({ index: i, requestId, txId: outcome.txId, localNumber: outcome.localNumber });
          break;
        }
        // A call cut by the kill fails before the child's exit is seen: give it a moment.
        await Promise.race([c.proc.exited, sleep(300)]);
        if (killed.has(c.proc) || !c.proc.alive()) {
          if (attempt === 1) redone += 1;
          if (attempt > 50) {
            problem(`journey ${i}: still not saved after ${attempt} attempts`);
            break;
          }
          continue;
        }
        problem(`journey ${i} failed with the host up: ${outcome.step} → ${outcome.code} ${outcome.message}`);
        break;
      }
    }
    await Promise.all(pendingKills);
    journeysDone = true;
    await host.settled();
    note(`journeys over: ${saved.length} saved, ${kills} kills; draining`);

    let drained = false;
    for (const end = Date.now() + 60_000; Date.now() < end && !drained;) {
      const s = conn ? await conn.api.invoke('sync.status', {}) : null;
      drained = !!s?.ok && s.value.pending + s.value.inflight + s.value.deferred === 0;
      if (!drained) await sleep(100);
    }
    if (!drained) problem('wedged: the host did not drain its outbox within 60 s of the last kill');
    conn?.close();
    // The database is read as a kill leaves it: the host dies the same way it did all along.
    await host.stop();

    const db = new Database(join(dataDir, 'cunzhan.db'), { readonly: true });
    let evidence;
    try {
      evidence = {
        integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
        transactions: db.prepare('SELECT tx_id, request_id, local_number FROM transactions').all() as {
          tx_id: string;
          request_id: string;
          local_number: string;
        }[],
        outbox: db.prepare('SELECT tx_id, state FROM sync_outbox').all() as { tx_id: string; state: string }[],
      };
    } finally {
      db.close();
    }
    const deviceId = (await adminCall<{ devices: { device_id: string }[] }>(admin, 'GET', '/admin/devices')).devices[0]
      ?.device_id;
    const platformTxIds = deviceId
      ? (
          await adminCall<{ transactions: { tx_id: string }[] }>(
            admin,
            'GET',
            `/admin/transactions?device_id=${encodeURIComponent(deviceId)}&limit=100000`,
          )
        ).transactions.map((t) => t.tx_id)
      : [];
    onPlatform = platformTxIds.length;
    rejected = evidence.outbox.filter((o) => o.state === 'rejected').length;
    for (const p of checkJourneys({ journeys: opts.journeys, saved, platformTxIds, ...evidence })) problem(p);
  } catch (e) {
    problem(`harness: ${(e as Error).message}`);
  } finally {
    journeysDone = true;
    conn?.close();
    await host.stop();
    await platform.stop();
    await proxy.close();
    if (!opts.keepDir && problems.length === 0) rmSync(dir, { recursive: true, force: true });
    else note(`kept ${dir}`);
  }
  return {
    seed: opts.seed,
    ok: problems.length === 0,
    failure: classifyFailure(phases),
    problems,
    timeline,
    ms: Date.now() - t0,
    saved: saved.length,
    kills,
    redone,
    answerLost,
    onPlatform,
    rejected,
  };
}
