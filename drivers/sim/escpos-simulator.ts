import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TypedEmitter } from '../../rules/typed-emitter';
import { DeviceFile } from '../printer/device-file';
import type { FontCoverage } from '../printer/font-coverage';
import { encodeStatus, healthyCondition, type PrinterCondition } from '../printer/printer-status';
import { EscPosInterpreter, type RenderedReceipt } from './escpos-interpreter';
import { PrinterPtyPair } from './printer-pty';

export const DEFAULT_SIM_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

export interface SimulatedReceipt extends RenderedReceipt {
  /** Where the PNG was written, when the simulator has an output directory. */
  readonly pngPath: string | null;
}

export interface EscPosSimulatorOptions {
  readonly paperWidth?: 58 | 80;
  readonly fontCoverage?: FontCoverage;
  readonly fontPath?: string;
  /** Write each receipt's PNG here (receipt-0001.png, …). */
  readonly outputDir?: string;
  /** Emulate a serial line: bytes reach the printer at this many bytes per second (baud / 10). */
  readonly lineBytesPerSecond?: number;
}

export interface EscPosSimulatorEvents {
  receipt: SimulatedReceipt;
}

const CLEAR = Buffer.from([0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08]);

/**
 * A Chinese-mode ESC/POS receipt printer on a pty (serial or USB-lp stand-in) or a TCP port.
 * Real-time commands (DLE EOT, DLE DC4 8) are answered on arrival, even when stopped, as on
 * Epson-class printers; everything else is buffered and run in order, and stops while the paper
 * is out or the cover open.
 */
export class EscPosSimulator {
  readonly events = new TypedEmitter<EscPosSimulatorEvents>();
  readonly receipts: SimulatedReceipt[] = [];
  readonly #interp: EscPosInterpreter;
  readonly #opts: EscPosSimulatorOptions;
  #condition: PrinterCondition = { ...healthyCondition };
  #inbox: Buffer[] = [];
  #stash: Buffer[] = [];
  #stallAfter: number | null = null;
  #paperOutAfter: number | null = null;
  #stalled = false;
  #unplugged = false;
  #rtCarry = Buffer.alloc(0);
  #wireFreeAt = 0;
  #answerNotBefore = 0;
  /** Answers waiting to leave, in order: a slow link delays them but never reorders them. */
  #outbox: { at: number; bytes: Buffer }[] = [];
  #outboxTimer: NodeJS.Timeout | null = null;
  #lateAnswers: { ms: number; count: number; prompt: number } | null = null;
  /** Bytes received on the link, real-time commands included. */
  bytesReceived = 0;
  /** How many times the host cleared the printer's buffers (DLE DC4 8) after a failed job. */
  buffersCleared = 0;
  // links
  #pty: PrinterPtyPair | null = null;
  #file: DeviceFile | null = null;
  #server: Server | null = null;
  #sockets = new Set<Socket>();
  #port = 0;
  #tmp: string | null = null;

  private constructor(opts: EscPosSimulatorOptions) {
    this.#opts = opts;
    this.#interp = new EscPosInterpreter({
      paperDots: opts.paperWidth === 80 ? 576 : 384,
      fontCoverage: opts.fontCoverage ?? 'gb18030',
      fontPath: opts.fontPath ?? DEFAULT_SIM_FONT,
    });
    this.#interp.onRespond = (b) => this.#send(b);
    this.#interp.onReceipt = (r) => this.#completed(r);
    this.#interp.paperSensorByte = () =>
      (this.#condition.paperNearEnd ? 0x03 : 0) | (this.#condition.paperEnd ? 0x0c : 0);
  }

  /** Listens on 127.0.0.1 (port 0 = any free port), like a network printer's port 9100. */
  static async listenTcp(opts: EscPosSimulatorOptions & { port?: number } = {}): Promise<EscPosSimulator> {
    const sim = new EscPosSimulator(opts);
    sim.#port = opts.port ?? 0;
    await sim.#listen();
    return sim;
  }

  /** Creates a socat pty pair; the host opens `hostPath` as a serial port or device file. */
  static async onPty(opts: EscPosSimulatorOptions & { dir?: string } = {}): Promise<EscPosSimulator> {
    const sim = new EscPosSimulator(opts);
    const dir = opts.dir ?? (sim.#tmp = mkdtempSync(join(tmpdir(), 'cz-printer-')));
    sim.#pty = new PrinterPtyPair(join(dir, 'printer'), join(dir, 'host'));
    await sim.#plugPty();
    return sim;
  }

  get hostPath(): string {
    if (!this.#pty) throw new Error('not a pty simulator');
    return this.#pty.hostPath;
  }

  get port(): number {
    return this.#port;
  }

  get condition(): PrinterCondition {
    return this.#condition;
  }

  setPaperOut(out: boolean): void {
    this.#condition = { ...this.#condition, paperEnd: out, offline: out || this.#condition.coverOpen };
    this.#pump();
  }

  setPaperNearEnd(near: boolean): void {
    this.#condition = { ...this.#condition, paperNearEnd: near };
  }

  setCoverOpen(open: boolean): void {
    this.#condition = { ...this.#condition, coverOpen: open, offline: open || this.#condition.paperEnd };
    this.#pump();
  }

  /** The paper runs out after this many more bytes of buffered commands have been processed. */
  paperOutAfterBytes(n: number): void {
    this.#paperOutAfter = n;
  }

  /** Keeps accepting bytes but never processes or answers anything (a hung network printer). */
  stall(): void {
    this.#stalled = true;
  }

  /** Accepts `n` more bytes normally, then stalls (a printer that hangs in the middle of a job). */
  stallAfterBytes(n: number): void {
    this.#stallAfter = n;
  }

  /**
   * Wakes up and handles what arrived meanwhile, real-time commands included, in order. With
   * `lose`, what arrived while stalled is gone instead (a printer switched off and on again).
   */
  resume(lose = false): void {
    this.#stalled = false;
    const stash = this.#stash;
    this.#stash = [];
    if (!lose) for (const chunk of stash) this.#arrived(chunk);
  }

  /**
   * The link turns slow for a moment (a loaded host, a busy USB hub): after `prompt` more answers
   * go out on time, the next `count` answers leave `ms` late. Later answers queue behind them, as
   * on a real link, so a driver that gave up waiting gets them before the answers it asks for next.
   */
  delayAnswers(ms: number, count: number, prompt = 0): void {
    this.#lateAnswers = { ms, count, prompt };
  }

  /** Pulls the cable: the pty pair disappears or the TCP port closes, input is lost. */
  async unplug(): Promise<void> {
    this.#unplugged = true;
    this.#inbox = [];
    this.#stash = [];
    this.#dropOutbox();
    this.#interp.abort();
    await this.#closeLinks();
  }

  async replug(): Promise<void> {
    this.#unplugged = false;
    if (this.#pty) await this.#plugPty();
    else await this.#listen();
  }

  waitForReceipt(timeoutMs = 10_000): Promise<SimulatedReceipt> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error('no receipt'));
      }, timeoutMs);
      const off = this.events.on('receipt', (r) => {
        clearTimeout(timer);
        off();
        resolve(r);
      });
    });
  }

  async close(): Promise<void> {
    this.#unplugged = true;
    this.#dropOutbox();
    await this.#closeLinks();
    if (this.#tmp) rmSync(this.#tmp, { recursive: true, force: true });
  }

  async #plugPty(): Promise<void> {
    await this.#pty!.start();
    this.#file = new DeviceFile(this.#pty!.printerPath, 1);
    this.#file.events.on('data', (d) => this.#receive(d));
    await this.#file.open();
  }

  #listen(): Promise<void> {
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      this.#sockets.add(socket);
      socket.on('data', (d) => this.#receive(d));
      socket.on('error', () => undefined);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => {
        const addr = server.address();
        if (addr && typeof addr === 'object') this.#port = addr.port;
        resolve();
      });
    });
  }

  async #closeLinks(): Promise<void> {
    const file = this.#file;
    this.#file = null;
    await file?.close();
    await this.#pty?.stop();
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise((r) => server.close(r));
  }

  #receive(chunk: Buffer): void {
    if (this.#unplugged) return;
    this.bytesReceived += chunk.length;
    const rate = this.#opts.lineBytesPerSecond;
    if (rate) {
      // Emulated serial line: a virtual wire clock says when the chunk's last byte has arrived.
      // The bytes are interpreted at once (a printer prints while it receives; our rendering cost
      // is not the printer's), but no answer leaves before its question has crossed the wire.
      this.#wireFreeAt = Math.max(this.#wireFreeAt, performance.now()) + (chunk.length * 1000) / rate;
      this.#answerNotBefore = this.#wireFreeAt;
    }
    this.#arrived(chunk);
  }

  #arrived(chunk: Buffer): void {
    if (this.#unplugged) return;
    if (this.#stallAfter !== null && !this.#stalled) {
      if (chunk.length > this.#stallAfter) {
        const head = chunk.subarray(0, this.#stallAfter);
        const tail = chunk.subarray(this.#stallAfter);
        this.#stallAfter = null;
        if (head.length > 0) this.#arrived(head);
        this.#stalled = true;
        this.#stash.push(tail);
        return;
      }
      this.#stallAfter -= chunk.length;
    }
    if (this.#stalled) {
      this.#stash.push(chunk);
      return;
    }
    // Real-time commands are found in the raw stream, even split across reads.
    const scan = Buffer.concat([this.#rtCarry, chunk]);
    const carry = this.#rtCarry.length;
    let keepFrom = 0;
    for (let i = 0; i + 2 < scan.length; i++) {
      if (scan[i] !== 0x10) continue;
      if (scan[i + 1] === 0x04 && i + 2 >= carry) {
        const n = scan[i + 2]!;
        if (n >= 1 && n <= 4) this.#send(Buffer.from([encodeStatus(n as 1 | 2 | 3 | 4, this.#condition)]));
      } else if (
        scan[i + 1] === 0x14 &&
        i + CLEAR.length <= scan.length &&
        i + CLEAR.length > carry &&
        scan.subarray(i, i + CLEAR.length).equals(CLEAR)
      ) {
        this.#inbox = [];
        this.#interp.abort();
        keepFrom = i + CLEAR.length - carry;
        this.buffersCleared += 1;
      }
    }
    this.#rtCarry = Buffer.from(scan.subarray(Math.max(0, scan.length - CLEAR.length + 1)));
    this.#inbox.push(chunk.subarray(keepFrom));
    this.#pump();
  }

  #pump(): void {
    while (this.#inbox.length > 0 && !this.#stalled && !this.#condition.paperEnd && !this.#condition.coverOpen) {
      let chunk = this.#inbox.shift()!;
      if (this.#paperOutAfter !== null && chunk.length >= this.#paperOutAfter) {
        const rest = chunk.subarray(this.#paperOutAfter);
        chunk = chunk.subarray(0, this.#paperOutAfter);
        this.#paperOutAfter = null;
        this.#interp.feed(chunk);
        if (rest.length > 0) this.#inbox.unshift(rest);
        this.setPaperOut(true);
        return;
      }
      if (this.#paperOutAfter !== null) this.#paperOutAfter -= chunk.length;
      this.#interp.feed(chunk);
    }
  }

  #send(bytes: Buffer): void {
    if (this.#unplugged || this.#stalled) return;
    const now = performance.now();
    let at = Math.max(now, this.#answerNotBefore);
    const late = this.#lateAnswers;
    if (late) {
      if (late.prompt > 0) late.prompt -= 1;
      else {
        at += late.ms;
        if (--late.count <= 0) this.#lateAnswers = null;
      }
    }
    const last = this.#outbox.at(-1);
    if (last) at = Math.max(at, last.at);
    if (this.#outbox.length === 0 && at - now <= 0.05) {
      this.#sendNow(bytes);
      return;
    }
    this.#outbox.push({ at, bytes });
    this.#flushOutbox();
  }

  #dropOutbox(): void {
    this.#outbox = [];
    if (this.#outboxTimer) clearTimeout(this.#outboxTimer);
    this.#outboxTimer = null;
  }

  #flushOutbox(): void {
    if (this.#outboxTimer) clearTimeout(this.#outboxTimer);
    this.#outboxTimer = null;
    while (this.#outbox.length > 0 && this.#outbox[0]!.at - performance.now() <= 0.05)
      this.#sendNow(this.#outbox.shift()!.bytes);
    const next = this.#outbox[0];
    if (next) this.#outboxTimer = setTimeout(() => this.#flushOutbox(), Math.max(1, next.at - performance.now()));
  }

  #sendNow(bytes: Buffer): void {
    if (this.#unplugged) return;
    void this.#file?.write(bytes).catch(() => undefined);
    for (const s of this.#sockets) s.write(bytes);
  }

  #completed(r: RenderedReceipt): void {
    let pngPath: string | null = null;
    if (this.#opts.outputDir) {
      mkdirSync(this.#opts.outputDir, { recursive: true });
      pngPath = join(this.#opts.outputDir, `receipt-${String(this.receipts.length + 1).padStart(4, '0')}.png`);
      writeFileSync(pngPath, r.png);
    }
    const receipt: SimulatedReceipt = Object.assign(Object.create(r) as RenderedReceipt, { pngPath });
    this.receipts.push(receipt);
    this.events.emit('receipt', receipt);
  }
}
