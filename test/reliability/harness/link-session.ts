// The real terminal and the reference platform on the two ends of a weak link: the platform in
// the server namespace over HTTPS (throwaway test CA), its admin API reached through a unix
// socket, the terminal (and the naive baseline sender) in the client namespace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { adminCall } from './admin';
import type { AdminEndpoint } from './admin';
import { bundleEntry } from './bundle';
import { reliabilityCatalog } from './payloads';
import type { PlatformArgs } from './platform-main';
import { startProc } from './proc';
import type { Proc } from './proc';
import type { TerminalArgs } from './terminal';
import type { RunPlan } from './plan';
import { makeTestPki } from '../netlab/test-pki';
import type { TestPki } from '../netlab/test-pki';
import type { WeakLink } from '../netlab/weak-link';

export interface LinkBundles {
  terminal: string;
  platform: string;
  naive: string;
}

export async function prepareLinkBundles(): Promise<LinkBundles> {
  const [terminal, platform, naive] = await Promise.all([
    bundleEntry('test/reliability/harness/terminal.ts'),
    bundleEntry('test/reliability/harness/platform-main.ts'),
    bundleEntry('test/reliability/harness/naive-sender.ts'),
  ]);
  return { terminal, platform, naive };
}

export interface TerminalEvent {
  ev: string;
  acked?: number;
  rejected?: number;
  pending?: number;
  patchBytes?: number;
  batchBytes?: { sent: number; ok: number };
  deviceId?: string;
  offset?: number;
  size?: number;
  /** performance.now() when the harness read the line. */
  at: number;
}

export interface LinkSession {
  dir: string;
  pki: TestPki;
  admin: AdminEndpoint;
  platformUrl: string;
  platform: Proc;
  newEnrolmentCode(): Promise<string>;
  /** Starts a terminal in the client namespace; its JSON events are collected with arrival times. */
  startTerminal(opts: {
    plan: RunPlan;
    config?: TerminalArgs['config'];
    fillFirst?: boolean;
    enqueueGapMs?: number;
    name?: string;
    /** Restart on the database of terminal number `reuse` (already enrolled) instead of a new one. */
    reuse?: number;
  }): Promise<{
    proc: Proc;
    events: TerminalEvent[];
    waitEvent(match: (e: TerminalEvent) => boolean, timeoutMs: number): Promise<TerminalEvent>;
  }>;
  /** Runs the naive one-POST-per-transaction sender over the link; resolves with its figures. */
  runNaive(plan: RunPlan, count: number, timeoutMs: number): Promise<{ count: number; ms: number; bodyBytes: number }>;
  close(): Promise<void>;
}

export async function startLinkSession(link: WeakLink, bundles: LinkBundles): Promise<LinkSession> {
  const dir = mkdtempSync(join(tmpdir(), `cz-link-${link.id}-`));
  const procs: Proc[] = [];
  try {
    const pki = makeTestPki(dir, { ips: [link.serverAddr, '127.0.0.1'], dns: ['localhost'] });
    const seedPath = join(dir, 'catalog.json');
    writeFileSync(seedPath, JSON.stringify(reliabilityCatalog()));
    const token = randomBytes(12).toString('hex');
    const port = 8443;
    const platformArgs: PlatformArgs = {
      dbPath: join(dir, 'platform.db'),
      host: link.serverAddr,
      port,
      adminToken: token,
      seedPath,
      tls: { certPath: pki.certPath, keyPath: pki.keyPath },
      adminSocket: join(dir, 'admin.sock'),
    };
    const inNs = (ns: string, argv: string[]): string[] => ['ip', 'netns', 'exec', ns, ...argv];
    const platform = startProc(
      'platform',
      inNs(link.serverNs, [process.execPath, bundles.platform, JSON.stringify(platformArgs)]),
      {
        stderr: (l) => console.error(`[platform] ${l}`),
      },
    );
    procs.push(platform);
    await platform.waitFor((l) => l.includes('"listening"'), 20_000);
    const platformUrl = `https://${link.serverAddr}:${port}`;
    const admin: AdminEndpoint = {
      url: platformUrl,
      token,
      socketPath: platformArgs.adminSocket,
      ca: readFileSync(pki.caCertPath),
    };
    const newEnrolmentCode = async (): Promise<string> =>
      (await adminCall<{ codes: string[] }>(admin, 'POST', '/admin/enrollment-codes', { count: 1 })).codes[0]!;

    let terminals = 0;
    return {
      dir,
      pki,
      admin,
      platformUrl,
      platform,
      newEnrolmentCode,
      async startTerminal(opts) {
        const n = opts.reuse ?? ++terminals;
        const args: TerminalArgs = {
          dbPath: join(dir, `terminal-${n}.db`),
          keyPath: join(dir, `terminal-${n}.key`),
          platformUrl,
          caCertPath: pki.caCertPath,
          enrolCode: opts.reuse ? undefined : await newEnrolmentCode(),
          plan: opts.plan,
          enqueueGapMs: opts.enqueueGapMs ?? 0,
          config: opts.config ?? {},
          fillFirst: opts.fillFirst,
        };
        const name = opts.name ?? `terminal-${n}`;
        const proc = startProc(name, inNs(link.clientNs, [process.execPath, bundles.terminal, JSON.stringify(args)]), {
          stderr: (l) => console.error(`[${name}] ${l}`),
        });
        procs.push(proc);
        const events: TerminalEvent[] = [];
        const waiters = new Set<() => void>();
        proc.onLine((line) => {
          if (!line.startsWith('{')) return;
          const e = { ...(JSON.parse(line) as Omit<TerminalEvent, 'at'>), at: performance.now() } as TerminalEvent;
          if (e.ev !== 'saved') events.push(e);
          for (const w of [...waiters]) w();
        });
        const waitEvent = (match: (e: TerminalEvent) => boolean, timeoutMs: number): Promise<TerminalEvent> =>
          new Promise((resolve, reject) => {
            const check = (): boolean => {
              const hit = events.find(match);
              if (hit) {
                finish();
                resolve(hit);
              }
              return hit !== undefined;
            };
            const timer = setTimeout(() => {
              finish();
              reject(
                new Error(
                  `${name}: no matching event within ${timeoutMs} ms (last: ${JSON.stringify(events.slice(-2))})`,
                ),
              );
            }, timeoutMs);
            const onExit = (): void => {
              if (!check()) {
                finish();
                reject(new Error(`${name} exited before the expected event`));
              }
            };
            const finish = (): void => {
              clearTimeout(timer);
              waiters.delete(waiter);
            };
            const waiter = (): void => void check();
            if (check()) return;
            waiters.add(waiter);
            void proc.exited.then(onExit);
          });
        return { proc, events, waitEvent };
      },
      async runNaive(plan, count, timeoutMs) {
        const args = { platformUrl, caCertPath: pki.caCertPath, enrolCode: await newEnrolmentCode(), plan, count };
        const proc = startProc('naive', inNs(link.clientNs, [process.execPath, bundles.naive, JSON.stringify(args)]), {
          stderr: (l) => console.error(`[naive] ${l}`),
        });
        procs.push(proc);
        const line = await proc.waitFor((l) => l.includes('"done"'), timeoutMs);
        return JSON.parse(line) as { count: number; ms: number; bodyBytes: number };
      },
      async close() {
        for (const p of procs) await p.kill();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    for (const p of procs) await p.kill();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
