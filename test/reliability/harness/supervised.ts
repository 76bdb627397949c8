// A child process of a fault run that is restarted after it dies, until stopped; it remembers
// deaths nobody asked for (a process that exits on its own is a finding, a SIGKILL is the plan).
import { startProc } from './proc';
import type { Proc } from './proc';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A child process restarted after it dies, until stopped; remembers unexpected deaths. */
export class Supervised {
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
        this.problem(
          `${p.name} exited on its own (code ${code}, signal ${signal}); stderr: ${this.stderrTail.slice(-8).join(' | ')}`,
        );
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
