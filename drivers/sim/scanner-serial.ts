import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { access, mkdtemp, open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A USB-CDC scanner on a socat pseudo-terminal pair: the driver opens `devicePath` as its serial
 * port, the simulator writes scanned codes (raw bytes + suffix) into the other end. `unplug()` and
 * `replug()` kill and restart socat on the same link names, as pulling the USB cable would.
 */
export class SerialScannerSim {
  readonly devicePath: string;
  readonly #simPath: string;
  readonly #dir: string;
  #socat: ChildProcess | undefined;
  #sim: FileHandle | undefined;

  private constructor(dir: string) {
    this.#dir = dir;
    this.devicePath = join(dir, 'scanner');
    this.#simPath = join(dir, 'sim');
  }

  static async start(): Promise<SerialScannerSim> {
    const sim = new SerialScannerSim(await mkdtemp(join(tmpdir(), 'cunzhan-scanner-sim-')));
    await sim.replug();
    return sim;
  }

  /** Sends one code as the scanner would: its bytes then the suffix (CR LF by default). */
  async scan(payload: string | Uint8Array, suffix: string = '\r\n'): Promise<void> {
    if (!this.#sim) throw new Error('simulated scanner is unplugged');
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
    await this.#sim.write(Buffer.concat([bytes, Buffer.from(suffix, 'latin1')]));
  }

  async unplug(): Promise<void> {
    const socat = this.#socat;
    this.#socat = undefined;
    await this.#sim?.close();
    this.#sim = undefined;
    if (socat && socat.exitCode === null) {
      const exited = new Promise((resolve) => socat.once('exit', resolve));
      socat.kill('SIGTERM');
      await exited;
    }
  }

  async replug(): Promise<void> {
    if (this.#socat) return;
    const socat = spawn('socat', [`pty,raw,echo=0,link=${this.devicePath}`, `pty,raw,echo=0,link=${this.#simPath}`], {
      stdio: 'ignore',
    });
    this.#socat = socat;
    await waitFor(async () => {
      if (socat.exitCode !== null) throw new Error('socat exited');
      await access(this.devicePath);
      await access(this.#simPath);
    });
    // Keep our end open for the simulator's lifetime: socat ends the pair when a side closes.
    this.#sim = await open(this.#simPath, 'r+');
  }

  async stop(): Promise<void> {
    await this.unplug();
    await rm(this.#dir, { recursive: true, force: true });
  }
}

async function waitFor(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline || (error instanceof Error && error.message === 'socat exited')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
