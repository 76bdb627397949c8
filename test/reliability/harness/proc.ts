// Child processes of a fault run: spawned, read line by line, SIGKILLed by pid, always reaped.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  kill(): Promise<void>;
  alive(): boolean;
  /** Calls `cb` for every later stdout line. */
  onLine(cb: (line: string) => void): void;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startProc(
  name: string,
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; stderr?: (line: string) => void } = {},
): Proc {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of [...watchers]) w(line);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => opts.stderr?.(line));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    name,
    child,
    lines,
    exited,
    alive: () => !done,
    onLine: (cb) => {
      watchers.add(cb);
    },
    waitFor(match, timeoutMs) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`${name}: no expected line within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const watcher = (line: string): void => {
          if (match(line)) finish(undefined, line);
        };
        const finish = (error?: Error, line?: string): void => {
          clearTimeout(timer);
          watchers.delete(watcher);
          if (error) reject(error);
          else resolve(line!);
        };
        watchers.add(watcher);
        void exited.then(({ code, signal }) =>
          finish(new Error(`${name} exited (${code ?? signal}) before the expected line`)),
        );
      });
    },
    async kill() {
      if (!done) child.kill('SIGKILL');
      await exited;
    },
  };
}
