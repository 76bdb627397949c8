// A weak link between two network namespaces made by this run: client ns ──TUN── tunlink ──TUN──
// server ns. tunlink (tunlink.c) shapes each direction (rate, one-way delay, seeded loss, tail
// drop, blackout). Everything is created with a run id in its name and removed by close(), by
// process exit/SIGINT/SIGTERM handlers, and — for runs that were SIGKILLed — by the sweep of
// namespaces whose owner process is gone (see sweepStale).
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { forwarderBinary } from './forwarder-build';

export interface WeakLinkOptions {
  rateKbit: number;
  rttMs: number;
  lossPct: number;
  seed: number;
  /** Longest a packet may wait for the wire before it is tail-dropped (default 2000 ms). */
  queueMs?: number;
}

export interface DirectionStats {
  rxPackets: number;
  rxBytes: number;
  forwardedPackets: number;
  forwardedBytes: number;
  lost: number;
  tailDrops: number;
  blackoutDrops: number;
  queued: number;
}

export interface LinkStats {
  blackout: boolean;
  /** Client → server (uploads). */
  up: DirectionStats;
  /** Server → client (responses). */
  down: DirectionStats;
}

export interface WeakLink {
  readonly id: string;
  readonly clientNs: string;
  readonly serverNs: string;
  readonly clientAddr: string;
  readonly serverAddr: string;
  readonly options: Required<WeakLinkOptions>;
  /** Drops every packet in both directions for `ms` from now (in-flight packets too). */
  blackout(ms: number): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
  setLossPct(pct: number): Promise<void>;
  stats(): Promise<LinkStats>;
  /** Spawns `argv` inside a namespace; the child is killed by close() if still running. */
  spawnIn(ns: string, argv: string[], options?: SpawnOptions): ChildProcess;
  close(): Promise<void>;
}

const ownerDir = join(tmpdir(), 'cz-netlab-owners');
const live = new Set<() => void>();
let handlersInstalled = false;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanAll = (): void => {
    for (const clean of [...live]) clean();
  };
  process.on('exit', cleanAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanAll();
      process.kill(process.pid, signal);
    });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes namespaces left by earlier runs of this lab whose owner process no longer exists. */
export function sweepStale(): void {
  let owners: string[];
  try {
    owners = readdirSync(ownerDir);
  } catch {
    return;
  }
  for (const id of owners) {
    const pid = Number(readFileSync(join(ownerDir, id), 'utf8'));
    if (pidAlive(pid)) continue;
    for (const ns of [`cz-k-${id}`, `cz-s-${id}`]) killNamespace(ns);
    rmSync(join(ownerDir, id), { force: true });
  }
}

/** Kills whatever still runs inside one of our namespaces (all started by this lab), then deletes it. */
function killNamespace(ns: string): void {
  try {
    const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // namespace does not exist
  }
  try {
    ip('netns', 'del', ns);
  } catch {
    // already deleted
  }
}

export function requireRoot(what: string): void {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return;
  throw new Error(
    `${what} needs root: it creates network namespaces and TUN devices (CI runs as root). ` +
      'Run it as root, e.g. `sudo npx vitest run test/reliability/weak-link.test.ts`.',
  );
}

export async function startWeakLink(opts: WeakLinkOptions): Promise<WeakLink> {
  requireRoot('The weak-link lab');
  installExitHandlers();
  sweepStale();
  const options: Required<WeakLinkOptions> = { queueMs: 2000, ...opts };
  const binary = forwarderBinary();
  const id = randomBytes(3).toString('hex');
  const clientNs = `cz-k-${id}`;
  const serverNs = `cz-s-${id}`;
  // Both ends live in namespaces of their own, so the /30 can never clash with the host's routes.
  const subnet = randomBytes(1)[0]!;
  const clientAddr = `10.213.${subnet}.1`;
  const serverAddr = `10.213.${subnet}.2`;
  const children = new Set<ChildProcess>();
  let forwarder: ChildProcess | undefined;
  let closed = false;

  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    live.delete(cleanup);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    forwarder?.kill('SIGKILL');
    killNamespace(clientNs);
    killNamespace(serverNs);
    rmSync(join(ownerDir, id), { force: true });
  };
  live.add(cleanup);

  try {
    mkdirSync(ownerDir, { recursive: true });
    writeFileSync(join(ownerDir, id), String(process.pid));
    ip('netns', 'add', clientNs);
    ip('netns', 'add', serverNs);
    const oneWayUs = Math.round((options.rttMs * 1000) / 2);
    forwarder = spawn(
      binary,
      [
        clientNs,
        serverNs,
        String(Math.round(options.rateKbit * 1000)),
        String(oneWayUs),
        String(Math.round(options.lossPct * 10_000)),
        String(Math.round(options.queueMs * 1000)),
        String(options.seed >>> 0 || 1),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: forwarder.stdout! });
    const waiting: ((line: string) => void)[] = [];
    lines.on('line', (line) => waiting.shift()?.(line));
    const nextLine = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const onExit = (): void => reject(new Error('netlab: the TUN forwarder exited'));
        forwarder!.once('exit', onExit);
        waiting.push((line) => {
          forwarder!.off('exit', onExit);
          resolve(line);
        });
      });
    const ready = await nextLine();
    if (ready !== 'ready') throw new Error(`netlab: forwarder said ${ready}`);
    // Commands and their answers are strictly sequential: serialise them.
    let queue: Promise<unknown> = Promise.resolve();
    const command = (cmd: string): Promise<string> => {
      const run = queue.then(() => {
        const answer = nextLine();
        forwarder!.stdin!.write(`${cmd}\n`);
        return answer;
      });
      queue = run.catch(() => undefined);
      return run;
    };
    const expectOk = async (cmd: string): Promise<void> => {
      const answer = await command(cmd);
      if (answer !== 'ok') throw new Error(`netlab: "${cmd}" answered ${answer}`);
    };

    for (const [ns, dev, addr] of [
      [clientNs, clientNs, clientAddr],
      [serverNs, serverNs, serverAddr],
    ] as const) {
      ip('link', 'set', dev, 'netns', ns);
      // No IPv6 link-local address: no router solicitations or DAD noise in the byte counters.
      ip('-n', ns, 'link', 'set', dev, 'addrgenmode', 'none');
      ip('-n', ns, 'addr', 'add', `${addr}/30`, 'dev', dev);
      ip('-n', ns, 'link', 'set', dev, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }

    return {
      id,
      clientNs,
      serverNs,
      clientAddr,
      serverAddr,
      options,
      blackout: (ms) => expectOk(`blackout ${Math.round(ms)}`),
      down: () => expectOk('down'),
      up: () => expectOk('up'),
      setLossPct: (pct) => expectOk(`loss ${Math.round(pct * 10_000)}`),
      async stats() {
        const raw = JSON.parse(await command('stats')) as {
          blackout: boolean;
          aToB: DirectionStats;
          bToA: DirectionStats;
        };
        return { blackout: raw.blackout, up: raw.aToB, down: raw.bToA };
      },
      spawnIn(ns, argv, spawnOptions) {
        if (ns !== clientNs && ns !== serverNs) throw new Error(`netlab: ${ns} is not a namespace of this link`);
        const child = spawn('ip', ['netns', 'exec', ns, ...argv], spawnOptions ?? { stdio: 'inherit' });
        children.add(child);
        child.once('exit', () => children.delete(child));
        return child;
      },
      async close() {
        cleanup();
      },
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
