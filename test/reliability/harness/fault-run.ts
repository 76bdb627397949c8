// One seeded fault run: a fresh platform database and terminal database, the terminal and the
// platform as child processes, faults and SIGKILLs from the scenario, a fault-free drain, then the
// invariant check (invariant.ts). Returns what went wrong, with the run's timeline.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { adminCall } from './admin';
import { checkInvariant } from './invariant';
import type { PlatformTx, TerminalRow } from './invariant';
import { reliabilityCatalog } from './payloads';
import { supervisePlatform } from './platform-proc';
import { createRng } from './rng';
import { makeScenario } from './scenario';
import { startTcpProxy } from './tcp-proxy';
import type { TcpProxy } from './tcp-proxy';
import type { Scenario } from './scenario';
import { Supervised } from './supervised';
import type { TerminalArgs } from './terminal';

export interface Bundles {
  terminal: string;
  platform: string;
}

/** Where a run was when something went wrong: setting up (harness) or in its scenario. */
export type RunPhase = 'setup' | 'scenario';

/**
 * `harness`: the run never got to its scenario (a process could not start, enrolment timed out);
 * `invariant`: something went wrong once the scenario ran (lost, duplicated, wrong payload,
 * wedged, a process that died on its own). Null when the run held.
 */
export type FailureKind = 'invariant' | 'harness';

export function classifyFailure(phases: readonly RunPhase[]): FailureKind | null {
  if (phases.length === 0) return null;
  return phases.includes('scenario') ? 'invariant' : 'harness';
}

export interface FaultRunResult {
  seed: number;
  ok: boolean;
  failure: FailureKind | null;
  problems: string[];
  timeline: string[];
  ms: number;
  counts: {
    items: number;
    acked: number;
    rejected: number;
    terminalIncarnations: number;
    platformIncarnations: number;
  };
  /** What actually happened, for the coverage summary. */
  fired: { hook: string | null; faults: Record<string, number>; proxyResets: number };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runFaultSeed(
  seed: number,
  bundles: Bundles,
  opts: { keepDir?: boolean } = {},
): Promise<FaultRunResult> {
  const t0 = Date.now();
  const scenario: Scenario = makeScenario(seed);
  const timeline: string[] = [];
  const problems: string[] = [];
  const note = (msg: string): void => {
    timeline.push(`${String(Date.now() - t0).padStart(6)} ms  ${msg}`);
  };
  // Until the terminal has enrolled, a problem means the harness could not set the scenario up
  // (retried with the same seed, see many.ts); from then on it counts against the system.
  let phase: RunPhase = 'setup';
  const phases: RunPhase[] = [];
  const problem = (msg: string): void => {
    problems.push(msg);
    phases.push(phase);
    note(`PROBLEM (${phase}) ${msg}`);
  };
  note(
    `scenario: ${scenario.plan.count} items, poison ${JSON.stringify(scenario.plan.poison)}, attachments ${JSON.stringify(scenario.plan.attachments)}, ` +
      `batchMaxItems ${scenario.config.batchMaxItems}, proxy ${JSON.stringify(scenario.proxy)}, faults ${JSON.stringify(scenario.faults)}, kills ${JSON.stringify(scenario.kills)}, crash ${JSON.stringify(scenario.crash)}`,
  );

  const dir = mkdtempSync(join(tmpdir(), `cz-fault-${seed}-`));
  const token = randomBytes(12).toString('hex');
  const seedPath = join(dir, 'catalog.json');
  writeFileSync(seedPath, JSON.stringify(reliabilityCatalog()));
  let faultsOn = false;
  const applyFaults = async (): Promise<void> => {
    if (faultsOn && scenario.faults) await adminCall(admin, 'POST', '/admin/faults', scenario.faults);
  };

  const proxy: TcpProxy = await startTcpProxy({
    targetHost: '127.0.0.1',
    targetPort: 0,
    ...scenario.proxy,
    // During enrolment nothing is reset: a lost enrolment answer burns the one-time code.
    resetChance: 0,
    rng: createRng(seed ^ 0x5bd1e995),
  });
  const { proc: platform, admin } = supervisePlatform({
    bundle: bundles.platform,
    args: { dbPath: join(dir, 'platform.db'), adminToken: token, seedPath },
    proxy,
    note,
    problem,
    afterStart: applyFaults,
  });
  let enrolCode: string | undefined;
  let hookFired: string | null = null;
  let faultsFired: Record<string, number> = {};
  const savedLines = new Map<string, number>();
  const terminalArgs = (incarnation: number): TerminalArgs => ({
    dbPath: join(dir, 'terminal.db'),
    keyPath: join(dir, 'terminal.key'),
    platformUrl: `http://127.0.0.1:${proxy.port}`,
    // Every incarnation may finish an enrolment a killed or refused predecessor left undone; an
    // enrolled terminal never uses it (terminal.ts enrols only without a device id).
    enrolCode,
    plan: scenario.plan,
    enqueueGapMs: scenario.enqueueGapMs,
    config: scenario.config,
    crash: incarnation === 1 ? scenario.crash : undefined,
  });
  const terminal = new Supervised(
    'terminal',
    (n) => [process.execPath, bundles.terminal, JSON.stringify(terminalArgs(n))],
    note,
    problem,
    async (p) => {
      p.onLine((line) => {
        if (!line.startsWith('{')) return;
        const ev = JSON.parse(line) as { ev: string; txId?: string; seq?: number; point?: string };
        if (ev.ev === 'saved') savedLines.set(ev.txId!, ev.seq!);
        else if (ev.ev === 'crash') {
          hookFired = ev.point ?? null;
          note(`${p.name} kills itself at hook ${ev.point}`);
        } else if (ev.ev === 'drained' || ev.ev === 'enqueued' || ev.ev === 'enrolled') {
          note(`${p.name}: ${ev.ev}`);
          terminalEvents.push({ name: p.name, ev: ev.ev });
        }
      });
    },
  );
  const terminalEvents: { name: string; ev: string }[] = [];
  const seen = (ev: string): boolean => terminalEvents.some((e) => e.name === terminal.current?.name && e.ev === ev);
  const waitFor = async (cond: () => boolean, ms: number): Promise<boolean> => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (cond()) return true;
      await sleep(20);
    }
    return cond();
  };

  let platformTxs: PlatformTx[] = [];
  let rows: TerminalRow[] = [];
  let deviceId: string | undefined;
  try {
    await platform.start();
    enrolCode = (await adminCall<{ codes: string[] }>(admin, 'POST', '/admin/enrollment-codes', { count: 1 })).codes[0];
    await terminal.start();
    if (!(await waitFor(() => terminalEvents.some((e) => e.ev === 'enrolled'), 15_000)))
      throw new Error('terminal did not enrol');
    phase = 'scenario';
    note('scenario starts');
    faultsOn = scenario.faults !== null;
    await applyFaults();
    proxy.setResetChance(scenario.proxy.resetChance);
    const chaosStart = Date.now();
    for (const k of scenario.kills) {
      await sleep(Math.max(0, chaosStart + k.atMs - Date.now()));
      if (k.target !== 'platform') await terminal.kill(k.downMs);
      if (k.target !== 'terminal') {
        await platform.kill(k.downMs);
      }
    }
    await sleep(Math.max(0, chaosStart + scenario.chaosMs - Date.now()));
    // Keep the faults on against the recovered pair for a while: a restarted terminal resends
    // what was in flight, which is where lost acknowledgements turn into duplicates if anything does.
    await platform.settled();
    await terminal.settled();
    await waitFor(() => seen('enrolled'), 15_000);
    await sleep(scenario.tailMs);
    faultsOn = false;
    proxy.setResetChance(0);
    await platform.settled();
    if (scenario.faults) {
      // Counted by the platform incarnation that is up now (a restarted one starts from zero).
      faultsFired = (
        await adminCall<{ fired: Record<string, number> }>(admin, 'GET', '/admin/faults').catch(() => ({ fired: {} }))
      ).fired;
    }
    await adminCall(admin, 'DELETE', '/admin/faults').catch((e: Error) => note(`clearing faults: ${e.message}`));
    note('chaos over: faults cleared, draining');
    await terminal.settled();
    const drained = await waitFor(() => seen('enqueued') && seen('drained'), 30_000);
    if (!drained) problem('wedged: the terminal did not drain within 30 s after the faults stopped');
    await terminal.stop();

    deviceId = (await adminCall<{ devices: { device_id: string }[] }>(admin, 'GET', '/admin/devices')).devices[0]
      ?.device_id;
    platformTxs = deviceId
      ? (
          await adminCall<{ transactions: PlatformTx[] }>(
            admin,
            'GET',
            `/admin/transactions?device_id=${encodeURIComponent(deviceId)}&limit=100000`,
          )
        ).transactions
      : [];
    const db = new Database(join(dir, 'terminal.db'), { readonly: true });
    try {
      rows = db
        .prepare('SELECT seq, tx_id, state, payload_sha256, server_ref, code FROM sync_outbox ORDER BY seq')
        .all() as TerminalRow[];
    } finally {
      db.close();
    }
    for (const p of checkInvariant({ plan: scenario.plan, rows, platformTxs, savedLines })) problem(p);
  } catch (e) {
    problem(`harness: ${(e as Error).message}`);
  } finally {
    await terminal.stop();
    await platform.stop();
    await proxy.close();
    note(`proxy: ${JSON.stringify(proxy.stats)}`);
    if (!opts.keepDir && problems.length === 0) rmSync(dir, { recursive: true, force: true });
    else note(`kept ${dir}`);
  }
  return {
    seed,
    ok: problems.length === 0,
    failure: classifyFailure(phases),
    problems,
    timeline,
    ms: Date.now() - t0,
    counts: {
      items: rows.length,
      acked: rows.filter((r) => r.state === 'acked').length,
      rejected: rows.filter((r) => r.state === 'rejected').length,
      terminalIncarnations: terminal.incarnations,
      platformIncarnations: platform.incarnations,
    },
    fired: { hook: hookFired, faults: faultsFired, proxyResets: proxy.stats.resets },
  };
}
