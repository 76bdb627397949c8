// The reference platform of a fault run or journey run as a supervised child process. Every
// incarnation listens on port 0 and reports the port it got; nothing is ever bound to a port chosen
// in advance, so runs started side by side cannot race each other for one (issue 15: a port
// picked by probing was taken by another run before the platform bound it → EADDRINUSE). A
// restarted platform therefore has a new port: the harness's relay (tcp-proxy.ts) is retargeted
// to it and the admin endpoint follows it, while the terminal keeps talking to the relay's port.
import type { AdminEndpoint } from './admin';
import type { PlatformArgs } from './platform-main';
import { Supervised } from './supervised';
import type { TcpProxy } from './tcp-proxy';

export interface SupervisedPlatform {
  readonly proc: Supervised;
  /** Its url follows the current incarnation. */
  readonly admin: AdminEndpoint;
  /** Ports of every incarnation so far, in order. */
  readonly ports: number[];
}

export function supervisePlatform(opts: {
  bundle: string;
  args: Omit<PlatformArgs, 'port' | 'host'>;
  /** Relay in front of the platform (retargeted at every start), or null to talk to it directly. */
  proxy: TcpProxy | null;
  note: (msg: string) => void;
  problem: (msg: string) => void;
  /** Runs after each incarnation is listening (e.g. turn its fault switches back on). */
  afterStart?: () => Promise<void>;
  startTimeoutMs?: number;
}): SupervisedPlatform {
  const platformArgs: PlatformArgs = { ...opts.args, host: '127.0.0.1', port: 0 };
  const admin: AdminEndpoint = { url: 'http://127.0.0.1:0', token: opts.args.adminToken };
  const ports: number[] = [];
  const proc = new Supervised(
    'platform',
    () => [process.execPath, opts.bundle, JSON.stringify(platformArgs)],
    opts.note,
    opts.problem,
    async (p) => {
      const line = await p.waitFor((l) => l.includes('"listening"'), opts.startTimeoutMs ?? 15_000);
      const { port } = JSON.parse(line) as { port: number };
      ports.push(port);
      admin.url = `http://127.0.0.1:${port}`;
      opts.proxy?.setTarget(port);
      opts.note(`${p.name} listening on port ${port}`);
      await opts.afterStart?.();
    },
  );
  return { proc, admin, ports };
}
