// One seeded fault run: a fresh platform database and terminal database, the terminal and the
// platform as child processes, faults and SIGKILLs from the scenario, a fault-free drain, then the
// invariant check (invariant.ts). Returns what went wrong, with the run's timeline.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { adminCall } from './admin';
import type { AdminEndpoint } from './admin';
import { checkInvariant } from './invariant';
import type { PlatformTx, TerminalRow } from './invariant';
import { reliabilityCatalog } from './payloads';
import type { PlatformArgs } from './platform-main';
import { startProc } from './proc';
import type { Proc } from './proc';
import { createRng } from './rng';
import { makeScenario } from './scenario';
import { startTcpProxy } from './tcp-proxy';
import type { TcpProxy } from './tcp-proxy';
import type { Scenario } from './scenario';
import type { TerminalArgs } from './terminal';

export interface Bundles {
  terminal: string;
  platform: string;
}

export interface FaultRunResult {
  seed: number;
  ok: boolean;
  problems: string[];
  timeline: string[];
  ms: number;
  counts: { items: number; acked: number; rejected: number; terminalIncarnations: number; platformIncarnations: number };
  /** What actually happened, for the coverage summary. */
  fired: { hook: string | null; faults: Record<string, number>; proxyResets: number };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A child process restarted after it dies, until stopped; remembers unexpected deaths. */
class Supervised {
  current: Proc | undefined;
  incarnations = 0;
  #stopping = false;
  #restartDelayMs = 0;
  #restarting: Promise<void> | undefined;
  readonly #killed = new WeakSet<Proc>();
  readonly stderrTail: string[] = [];

  constructor(
    private readonly name: string,
    private readonly argv: (incarnation: number) => string[],
    private readonly note: (msg: string) => void,
    private readonly problem: (msg: string) => void,
    private readonly onStart: (p: Proc) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.incarnations += 1;
    const p = startProc(`${this.name}#${this.incarnations}`, this.argv(this.incarnations), {
      stderr: (line) => {
        this.stderrTail.push(line);
        if (this.stderrTail.length > 30) this.stderrTail.shift();
      },
    });
    this.current = p;
    void p.exited.then(({ code, signal }) => {
      if (this.#stopping) return;
      if (signal !== 'SIGKILL') {
        this.problem(`${p.name} exited on its own (code ${code}, signal ${signal}); stderr: ${this.stderrTail.slice(-8).join(' | ')}`);
      }
      const delay = this.#restartDelayMs;
      this.#restartDelayMs = 0;
      this.note(`${p.name} died (${signal ?? code}); restart in ${delay} ms`);
      this.#restarting = sleep(delay)
        .then(() => (this.#stopping ? undefined : this.start()))
        .catch((e: Error) => {
          // Killed again while starting: its own exit schedules the next restart. The kill is
          // known before its exit is seen (alive() is still true then), so ask what was killed.
          const cur = this.current;
          if (cur?.alive() && !this.#killed.has(cur)) this.problem(`${this.name} restart failed: ${e.message}`);
        });
    });
    await this.onStart(p);
  }

  /** SIGKILLs the current incarnation; it is restarted `downMs` later. */
  async kill(downMs: number): Promise<void> {
    const p = this.current;
    if (!p?.alive()) return;
    this.#restartDelayMs = downMs;
    this.#killed.add(p);
    this.note(`SIGKILL ${p.name}`);
    await p.kill();
  }

  /** Resolves when an incarnation is up (after a pending restart). */
  async settled(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (this.current?.alive() && !this.#restarting) return;
      if (this.#restarting) {
        const r = this.#restarting;
        await r;
        if (this.#restarting === r) this.#restarting = undefined;
      } else await sleep(20);
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#restarting?.catch(() => undefined);
    await this.current?.kill();
  }
}

export async function runFaultSeed(seed: number, bundles: Bundles, opts: { keepDir?: boolean } = {}): Promise<FaultRunResult> {
  const t0 = Date.now();
  const scenario: Scenario = makeScenario(seed);
  const timeline: string[] = [];
  const problems: string[] = [];
  const note = (msg: string): void => {
    timeline.push(`${String(Date.now() - t0).padStart(6)} ms  ${msg}`);
  };
  const problem = (msg: string): void => {
    problems.push(msg);
    note(`PROBLEM ${msg}`);
  };
  note(
    `scenario: ${scenario.plan.count} items, poison ${JSON.stringify(scenario.plan.poison)}, attachments ${JSON.stringify(scenario.plan.attachments)}, ` +
      `batchMaxItems ${scenario.config.batchMaxItems}, proxy ${JSON.stringify(scenario.proxy)}, faults ${JSON.stringify(scenario.faults)}, kills ${JSON.stringify(scenario.kills)}, crash ${JSON.stringify(scenario.crash)}`,
  );

  const dir = mkdtempSync(join(tmpdir(), `cz-fault-${seed}-`));
  const port = await freePort();
  const token = randomBytes(12).toString('hex');
  const seedPath = join(dir, 'catalog.json');
  writeFileSync(seedPath, JSON.stringify(reliabilityCatalog()));
  const platformArgs: PlatformArgs = { dbPath: join(dir, 'platform.db'), host: '127.0.0.1', port, adminToken: token, seedPath };
  const admin: AdminEndpoint = { url: `http://127.0.0.1:${port}`, token };
  let faultsOn = false;
  const applyFaults = async (): Promise<void> => {
    if (faultsOn && scenario.faults) await adminCall(admin, 'POST', '/admin/faults', scenario.faults);
  };

  const platform = new Supervised(
    'platform',
    () => [process.execPath, bundles.platform, JSON.stringify(platformArgs)],
    note,
    problem,
    async (p) => {
      await p.waitFor((l) => l.includes('"listening"'), 15_000);
      await applyFaults();
    },
  );

  const proxy: TcpProxy = await startTcpProxy({
    targetHost: '127.0.0.1',
    targetPort: port,
    ...scenario.proxy,
    // During enrolment nothing is reset: a lost enrolment answer burns the one-time code.
    resetChance: 0,
    rng: createRng(seed ^ 0x5bd1e995),
  });
  let enrollCode: string | undefined;
  let hookFired: string | null = null;
  let faultsFired: Record<string, number> = {};
  const savedLines = new Map<string, number>();
  const terminalArgs = (incarnation: number): TerminalArgs => ({
    dbPath: join(dir, 'terminal.db'),
    keyPath: join(dir, 'terminal.key'),
    platformUrl: `http://127.0.0.1:${proxy.port}`,
    enrollCode: incarnation === 1 ? enrollCode : undefined,
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
        }
        else if (ev.ev === 'drained' || ev.ev === 'enqueued' || ev.ev === 'enrolled') {
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
    enrollCode = (await adminCall<{ codes: string[] }>(admin, 'POST', '/admin/enrollment-codes', { count: 1 })).codes[0];
    await terminal.start();
    if (!(await waitFor(() => terminalEvents.some((e) => e.ev === 'enrolled'), 15_000))) throw new Error('terminal did not enrol');
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
      faultsFired = (await adminCall<{ fired: Record<string, number> }>(admin, 'GET', '/admin/faults').catch(() => ({ fired: {} }))).fired;
    }
    await adminCall(admin, 'DELETE', '/admin/faults').catch((e: Error) => note(`clearing faults: ${e.message}`));
    note('chaos over: faults cleared, draining');
    await terminal.settled();
    const drained = await waitFor(() => seen('enqueued') && seen('drained'), 30_000);
    if (!drained) problem('wedged: the terminal did not drain within 30 s after the faults stopped');
    await terminal.stop();

    deviceId = (await adminCall<{ devices: { device_id: string }[] }>(admin, 'GET', '/admin/devices')).devices[0]?.device_id;
    platformTxs = deviceId
      ? (await adminCall<{ transactions: PlatformTx[] }>(admin, 'GET', `/admin/transactions?device_id=${encodeURIComponent(deviceId)}&limit=100000`)).transactions
      : [];
    const db = new Database(join(dir, 'terminal.db'), { readonly: true });
    try {
      rows = db.prepare('SELECT seq, tx_id, state, payload_sha256, server_ref, code FROM sync_outbox ORDER BY seq').all() as TerminalRow[];
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
