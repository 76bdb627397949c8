// Runs a TypeScript entry point with Node (through tsx) inside one of a weak link's namespaces.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WeakLink } from './weak-link';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function nodeIn(
  link: WeakLink,
  ns: string,
  script: string,
  args: string[],
  options?: SpawnOptions,
): ChildProcess {
  return link.spawnIn(ns, [process.execPath, '--import', 'tsx', resolve(repoRoot, script), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
}

/** Resolves with the first stdout line that satisfies `match`; rejects if the child exits first. */
export function waitForLine(
  child: ChildProcess,
  match: (line: string) => boolean,
  timeoutMs = 30_000,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => finish(new Error(`no matching line within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null): void =>
      finish(new Error(`process exited (${code}) before printing the expected line`));
    function finish(error: Error | undefined, line?: string): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.off('line', onLine);
      if (error) reject(error);
      else resolvePromise(line!);
    }
    function onLine(line: string): void {
      if (match(line)) finish(undefined, line);
    }
    lines.on('line', onLine);
    child.once('exit', onExit);
  });
}
