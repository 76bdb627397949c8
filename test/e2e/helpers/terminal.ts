import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = new URL('../../..', import.meta.url).pathname;

export interface RunningTerminal {
  /** Page URL with the token in the fragment. */
  readonly url: string;
  readonly dataDir: string;
  readonly logs: string[];
  stop(): Promise<void>;
}

/** Builds the renderer bundle the host serves (dist/renderer). */
export function buildRenderer(): void {
  const r = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts the real terminal (`npm start -- --no-window`) on a fresh data dir and waits for its
 * `{"event":"listening",...}` line (`extraArgs`, e.g. `--no-platform`, go to `npm start`). The child runs in its own process group so stop() ends npm,
 * tsx and node together.
 */
export async function startTerminal(
  env: Record<string, string> = {},
  timeoutMs = 60_000,
  extraArgs: readonly string[] = [],
  options: { demo?: boolean } = {},
): Promise<RunningTerminal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cunzhan-e2e-'));
  // `npm start` is the demo; without it, start.ts runs the terminal as a fresh install would.
  const command =
    options.demo === false
      ? (['npx', ['tsx', 'main/host/start.ts', '--no-window', '--no-build', ...extraArgs]] as const)
      : (['npm', ['start', '--silent', '--', '--no-window', '--no-build', ...extraArgs]] as const);
  const child: ChildProcess = spawn(command[0], command[1], {
    cwd: repoRoot,
    env: { ...process.env, CUNZHAN_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`terminal did not report listening in ${timeoutMs} ms:\n${logs.join('')}`)),
      timeoutMs,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      logs.push(line);
      try {
        const msg = JSON.parse(line) as { event?: string; url?: string; tokenFile?: string };
        if (msg.event === 'listening' && typeof msg.url === 'string' && typeof msg.tokenFile === 'string') {
          clearTimeout(timer);
          // The token is only in the 0600 file, as the kiosk browser gets it.
          resolve(`${msg.url}/#token=${readFileSync(msg.tokenFile, 'utf8').trim()}`);
        }
      } catch {
        // not our JSON line
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`terminal exited before listening:\n${logs.join('')}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return { url, dataDir, logs, stop };
}
