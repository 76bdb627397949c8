import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A pair of connected pseudo-terminals made by socat: bytes written to one end come out of the
 * other, and both ends behave like serial ports (termios, baud settings accepted). Device
 * simulators open `simPath`; the driver under test opens `hostPath`.
 *
 * `unplug()` kills socat: the host's open port reads EIO (like a USB-serial adapter pulled out)
 * and both paths vanish. `replug()` starts a new socat on the same paths.
 */
export class PtyPair {
  readonly dir: string;
  readonly hostPath: string;
  readonly simPath: string;
  #child: ChildProcess | null = null;
  readonly #ownsDir: boolean;

  private constructor(dir: string, ownsDir: boolean, names: { host: string; sim: string }) {
    this.dir = dir;
    this.#ownsDir = ownsDir;
    this.hostPath = join(dir, names.host);
    this.simPath = join(dir, names.sim);
  }

  /** Start socat; resolves once both link paths exist. */
  static async open(
    options: { dir?: string; hostName?: string; simName?: string; timeoutMs?: number } = {},
  ): Promise<PtyPair> {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'cunzhan-pty-'));
    const pair = new PtyPair(dir, options.dir === undefined, {
      host: options.hostName ?? 'host',
      sim: options.simName ?? 'sim',
    });
    await pair.replug(options.timeoutMs);
    return pair;
  }

  get plugged(): boolean {
    return this.#child !== null;
  }

  async replug(timeoutMs = 5000): Promise<void> {
    if (this.#child) return;
    const child = spawn('socat', [`pty,raw,echo=0,link=${this.simPath}`, `pty,raw,echo=0,link=${this.hostPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + timeoutMs;
    while (!(existsSync(this.simPath) && existsSync(this.hostPath))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        this.#child = null;
        throw new Error(`socat did not create the pty pair: ${stderr.trim() || 'timeout'}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Kill socat and wait for it (and its links) to go. */
  async unplug(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    // socat unlinks its links on a clean exit; make sure, so a replug can recreate them.
    for (const p of [this.simPath, this.hostPath]) rmSync(p, { force: true });
  }

  async close(): Promise<void> {
    await this.unplug();
    if (this.#ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
