import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * A pseudo-terminal pair made by socat: one end for the simulated printer, one for the host's
 * serial transport. (A private helper for the printer; the lead may merge it with pty-pair.ts.)
 */
export class PrinterPtyPair {
  #proc: ChildProcess | null = null;

  constructor(
    readonly printerPath: string,
    readonly hostPath: string,
  ) {}

  get running(): boolean {
    return this.#proc !== null;
  }

  async start(timeoutMs = 5000): Promise<void> {
    if (this.#proc) return;
    const proc = spawn('socat', [`pty,raw,echo=0,link=${this.printerPath}`, `pty,raw,echo=0,link=${this.hostPath}`], {
      stdio: 'ignore',
    });
    this.#proc = proc;
    proc.once('exit', () => {
      if (this.#proc === proc) this.#proc = null;
    });
    const until = Date.now() + timeoutMs;
    while (!(existsSync(this.printerPath) && existsSync(this.hostPath))) {
      if (Date.now() > until || !this.#proc) throw new Error('socat did not create the pty pair');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Ends socat, which removes both links: to the host it looks like the cable was pulled. */
  async stop(): Promise<void> {
    const proc = this.#proc;
    if (!proc) return;
    this.#proc = null;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
    const until = Date.now() + 2000;
    while ((existsSync(this.printerPath) || existsSync(this.hostPath)) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
  }
}
