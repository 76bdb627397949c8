import { err, ok, type Result } from '../../rules/result';
import { sameStatus, type DeviceStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import {
  escPosPrinterConfigSchema,
  type EscPosPrinterConfig,
  type EscPosPrinterConfigInput,
  type PrinterLogger,
} from './config';
import * as cmd from './escpos-commands';
import { GlyphRasteriser } from './glyph-rasteriser';
import { printErrorMessages } from './print-errors';
import { decodeStatus, isRealTimeStatusByte, mergeConditions, type PrinterCondition } from './printer-status';
import type { ReceiptData } from './receipt-data';
import type { ReceiptLine } from './receipt-document';
import { encodeReceipt, type EncodedReceipt } from './receipt-encoder';
import { layoutReceipt } from './receipt-layout';
import type { PrintErrorCode, ReceiptPrinter, ReceiptPrinterEvents } from './receipt-printer';
import { SerialPrinterTransport } from './serial-transport';
import { TcpPrinterTransport } from './tcp-transport';
import type { PrinterTransport } from './transport';
import { UsbPrinterTransport } from './usb-transport';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const silent: PrinterLogger = { warn: () => undefined, info: () => undefined };

/**
 * Epson's "clear buffers" real-time command (DLE DC4 fn 8). After a job failed half way it drops
 * what the printer still holds, so that loading paper does not print the tail of a dead receipt
 * on top of the reprint. Clones that do not know it ignore it (UNVERIFIED per model).
 */
const CLEAR_BUFFERS = Buffer.from([0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08]);

export function createTransport(config: EscPosPrinterConfig['transport']): PrinterTransport {
  switch (config.kind) {
    case 'serial':
      return new SerialPrinterTransport(config.port, config.baudRate);
    case 'usb':
      return new UsbPrinterTransport(config.path);
    case 'tcp':
      return new TcpPrinterTransport(config.host, config.port);
  }
}

export function conditionFailure(c: PrinterCondition): PrintErrorCode | null {
  if (c.coverOpen) return 'cover_open';
  if (c.paperEnd) return 'paper_out';
  if (c.error) return 'printer_error';
  if (c.offline) return 'printer_offline';
  return null;
}

function decodePaperSensor(b: number): { nearEnd: boolean; end: boolean } {
  return { nearEnd: (b & 0x03) !== 0, end: (b & 0x0c) !== 0 };
}

class JobFailure extends Error {
  constructor(readonly code: PrintErrorCode) {
    super(code);
  }
}

/**
 * ESC/POS receipt printer on serial, USB (usblp) or TCP 9100. One job at a time: status polled
 * before (DLE EOT, answered even when the printer is stopped), the job sent, completion confirmed
 * by GS r (answered only when the printer got that far), status polled after. Failures are
 * values; the caller keeps the transaction and offers a reprint.
 */
export class EscPosPrinter implements ReceiptPrinter {
  readonly config: EscPosPrinterConfig;
  readonly #events = new TypedEmitter<ReceiptPrinterEvents>();
  readonly #transport: PrinterTransport;
  readonly #logger: PrinterLogger;
  readonly #rasteriser: GlyphRasteriser | null;
  #status: DeviceStatus = { state: 'disconnected' };
  #running = false;
  #connecting: Promise<boolean> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #rx: number[] = [];
  #rxWaiters = new Set<() => void>();
  #healthTimer: NodeJS.Timeout | null = null;
  #lastCondition: PrinterCondition | null = null;
  #unreachableLogged = false;
  /**
   * DLE EOT answers the printer still owes for queries whose poll gave up waiting. The answers
   * carry no tag saying which query they belong to, so a late one would otherwise be read as
   * the answer to the next poll's query — shifted by one or more places (DLE EOT 2's paper-end
   * byte then decodes as DLE EOT 3's error bits: paper out reported as printer_error).
   */
  #owedAnswers = 0;

  constructor(
    config: EscPosPrinterConfigInput,
    options: { logger?: PrinterLogger; transport?: PrinterTransport } = {},
  ) {
    this.config = escPosPrinterConfigSchema.parse(config);
    this.#logger = options.logger ?? silent;
    this.#transport = options.transport ?? createTransport(this.config.transport);
    this.#rasteriser = this.#loadRasteriser();
    this.#transport.events.on('data', (d) => {
      for (const b of d) {
        // Answers arrive in query order, so the first ones are those owed to an abandoned poll.
        if (this.#owedAnswers > 0 && isRealTimeStatusByte(b)) this.#owedAnswers -= 1;
        else this.#rx.push(b);
      }
      if (this.#rx.length > 4096) this.#rx.splice(0, this.#rx.length - 4096);
      for (const w of [...this.#rxWaiters]) w();
    });
    this.#transport.events.on('closed', ({ reason }) => {
      this.#logger.warn({ link: this.#transport.describe, reason }, 'printer link lost');
      this.#setStatus({ state: 'disconnected' });
      for (const w of [...this.#rxWaiters]) w();
      if (this.#running) void this.#connect();
    });
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  get lastCondition(): PrinterCondition | null {
    return this.#lastCondition;
  }

  on<K extends keyof ReceiptPrinterEvents>(event: K, listener: (value: ReceiptPrinterEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    this.#running = true;
    // Know at once whether paper is loaded, not only at the first job or health check.
    if (await this.#connect()) await this.#healthCheck();
    this.#healthTimer = setInterval(() => void this.#healthCheck(), this.config.reconnectMs);
    this.#healthTimer.unref();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#healthTimer) clearInterval(this.#healthTimer);
    this.#healthTimer = null;
    await this.#queue.catch(() => undefined);
    await this.#transport.close();
    this.#setStatus({ state: 'disconnected' });
  }

  /** Lays out and encodes a receipt without printing (CLI preview, benchmarks). */
  encode(receipt: ReceiptData): EncodedReceipt {
    return this.encodeLines(layoutReceipt(receipt, this.config.paperWidth));
  }

  encodeLines(lines: readonly ReceiptLine[]): EncodedReceipt {
    const encoded = encodeReceipt(lines, {
      paperWidth: this.config.paperWidth,
      fontCoverage: this.config.fontCoverage,
      rasteriser: this.#rasteriser,
    });
    if (encoded.placeholders > 0)
      this.#logger.warn(
        { placeholders: encoded.placeholders, rasterFont: Boolean(this.#rasteriser) },
        'characters printed as placeholder boxes',
      );
    return encoded;
  }

  printReceipt(receipt: ReceiptData): Promise<Result<{ readonly bytes: number }, PrintErrorCode>> {
    return this.printLines(layoutReceipt(receipt, this.config.paperWidth));
  }

  /** Prints laid-out lines as one job (receipts, the technician's test page). */
  printLines(lines: readonly ReceiptLine[]): Promise<Result<{ readonly bytes: number }, PrintErrorCode>> {
    const job = this.#queue.then(() => this.#runJob(lines));
    // The after-job poll (cover, errors) runs before the next job but does not hold up this
    // result: GS r already told us the receipt was printed and how the paper stands.
    this.#queue = job
      .then((r) => (r.ok && this.config.statusQueries ? this.#afterJobPoll() : undefined))
      .catch(() => undefined);
    return job;
  }

  /** Polls DLE EOT 1–4 once; null when the printer does not answer. */
  queryCondition(): Promise<PrinterCondition | null> {
    const q = this.#queue.then(() => this.#pollCondition());
    this.#queue = q.catch(() => undefined);
    return q;
  }

  async #runJob(lines: readonly ReceiptLine[]): Promise<Result<{ readonly bytes: number }, PrintErrorCode>> {
    if (!(await this.#connect())) return this.#fail('printer_disconnected', false);
    this.#setStatus({ state: 'busy' });
    try {
      // The status query goes out first and the receipt is encoded while the answers travel.
      const polled = this.config.statusQueries ? this.#pollCondition() : null;
      const encoded = this.encodeLines(lines);
      if (polled) {
        const before = await polled;
        if (!before) throw new JobFailure(this.#transport.isOpen ? 'printer_timeout' : 'printer_disconnected');
        const code = conditionFailure(before);
        if (code) return this.#fail(code, false);
      }
      const deadline = Date.now() + this.config.jobTimeoutMs + this.#wireTimeMs(encoded.bytes.length);
      this.#rx = [];
      const tail = this.config.statusQueries ? cmd.transmitPaperStatus() : Buffer.alloc(0);
      await this.#beforeDeadline(this.#transport.write(Buffer.concat([encoded.bytes, tail])), deadline);
      if (this.config.statusQueries) {
        const sensor = await this.#awaitCompletion(deadline);
        if (sensor.nearEnd) this.#logger.warn({ link: this.#transport.describe }, 'paper near end');
      }
      this.#setStatus({ state: 'ready' });
      this.#logger.info({ bytes: encoded.bytes.length, rasterLines: encoded.rasterLines }, 'receipt printed');
      return ok({ bytes: encoded.bytes.length });
    } catch (e) {
      if (e instanceof JobFailure) return this.#fail(e.code, true);
      this.#logger.warn({ error: String(e) }, 'print job failed');
      return this.#fail(this.#transport.isOpen ? 'printer_error' : 'printer_disconnected', true);
    }
  }

  async #afterJobPoll(): Promise<void> {
    const c = await this.#pollCondition();
    if (!c) return;
    const code = conditionFailure(c);
    if (code) this.#setStatus({ state: 'fault', code, message: printErrorMessages[code] });
  }

  /** Waits for the GS r answer, polling real-time status meanwhile to spot paper out or cover open. */
  async #awaitCompletion(deadline: number): Promise<{ nearEnd: boolean; end: boolean }> {
    const pollEvery = Math.max(100, this.config.statusTimeoutMs);
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new JobFailure('printer_timeout');
      if (!this.#transport.isOpen) throw new JobFailure('printer_disconnected');
      const done = await this.#takeByte((b) => !isRealTimeStatusByte(b), Math.min(pollEvery, left));
      // GS r 1 answer: bits 0–1 paper near end, bits 2–3 paper end (Epson); the job itself is done.
      if (done !== null) return decodePaperSensor(done);
      const c = await this.#pollCondition();
      const code = c ? conditionFailure(c) : null;
      if (code) throw new JobFailure(code);
    }
  }

  /**
   * DLE EOT 1, 2, 4, 3 sent together: real-time answers come back in order, so one round trip
   * gives the whole condition (this keeps serial jobs close to their wire time).
   */
  async #pollCondition(): Promise<PrinterCondition | null> {
    if (!this.#transport.isOpen) return null;
    const order = [1, 2, 4, 3] as const;
    await this.#awaitOwedAnswers();
    // Real-time bytes nobody asked for (or owed answers written off above that came after all).
    this.#rx = this.#rx.filter((b) => !isRealTimeStatusByte(b));
    try {
      await this.#transport.write(Buffer.concat(order.map((n) => cmd.realTimeStatus(n))));
    } catch {
      // Unknown how many queries left: assume all, so none of their answers is misread later.
      this.#owedAnswers = order.length;
      return null;
    }
    const parts = [];
    for (const n of order) {
      const b = await this.#takeByte(isRealTimeStatusByte, this.config.statusTimeoutMs);
      if (b === null) {
        this.#owedAnswers = order.length - parts.length;
        return null;
      }
      parts.push(decodeStatus(n, b));
    }
    const c = mergeConditions(parts);
    this.#lastCondition = c;
    this.#events.emit('condition', c);
    return c;
  }

  /**
   * Before asking again, waits (with no query of ours outstanding, so nothing can be confused)
   * for the answers an earlier poll gave up on. Late answers come from a loaded host or link, not
   * from the printer, which answers DLE EOT within milliseconds; if none comes within another
   * status timeout, the queries were lost (printer switched off behind a serial adapter) and
   * the count is written off, otherwise every later poll would wait for answers that never come.
   */
  async #awaitOwedAnswers(): Promise<void> {
    if (this.#owedAnswers === 0) return;
    const deadline = Date.now() + this.config.statusTimeoutMs;
    while (this.#owedAnswers > 0 && this.#transport.isOpen) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#rxWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#rxWaiters.add(wake);
      });
    }
    if (this.#owedAnswers > 0)
      this.#logger.warn(
        { link: this.#transport.describe, lost: this.#owedAnswers },
        'status answers never came; written off',
      );
    this.#owedAnswers = 0;
  }

  #takeByte(match: (b: number) => boolean, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const tryTake = (): boolean => {
        const i = this.#rx.findIndex(match);
        if (i < 0) return false;
        const [b] = this.#rx.splice(i, 1);
        finish(b ?? null);
        return true;
      };
      const finish = (v: number | null): void => {
        clearTimeout(timer);
        this.#rxWaiters.delete(waiter);
        resolve(v);
      };
      const waiter = (): void => {
        if (!tryTake() && !this.#transport.isOpen) finish(null);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      this.#rxWaiters.add(waiter);
      tryTake();
    });
  }

  async #beforeDeadline<T>(p: Promise<T>, deadline: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new JobFailure('printer_timeout')), Math.max(0, deadline - Date.now()));
    });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #wireTimeMs(bytes: number): number {
    const t = this.config.transport;
    return t.kind === 'serial' ? Math.ceil((bytes * 10 * 1000) / t.baudRate) : 0;
  }

  async #fail(code: PrintErrorCode, midJob: boolean): Promise<Result<never, PrintErrorCode>> {
    this.#logger.warn({ code, link: this.#transport.describe }, 'receipt not printed; job kept for reprint');
    if (midJob && this.#transport.isOpen) {
      // Leave the printer clean for the next job: drop the dead job's tail, reset modes.
      const cleanup = this.#transport.write(Buffer.concat([CLEAR_BUFFERS, cmd.initialise()])).catch(() => undefined);
      await Promise.race([cleanup, sleep(this.config.statusTimeoutMs)]);
    }
    if (code === 'printer_disconnected') this.#setStatus({ state: 'disconnected' });
    else this.#setStatus({ state: 'fault', code, message: printErrorMessages[code] });
    return err(code, printErrorMessages[code]);
  }

  /** Opens the link if needed; true when open. Concurrent callers share one attempt. */
  #connect(): Promise<boolean> {
    if (this.#transport.isOpen) return Promise.resolve(true);
    this.#connecting ??= (async () => {
      try {
        await this.#transport.open();
        this.#logger.info({ link: this.#transport.describe }, 'printer link open');
        this.#unreachableLogged = false;
        this.#rx = [];
        this.#owedAnswers = 0;
        if (this.#status.state === 'disconnected') this.#setStatus({ state: 'ready' });
        return true;
      } catch (e) {
        // once per outage, not on every retry
        if (!this.#unreachableLogged)
          this.#logger.warn(
            { link: this.#transport.describe, error: (e as NodeJS.ErrnoException).code ?? String(e) },
            'printer not reachable',
          );
        this.#unreachableLogged = true;
        this.#setStatus({ state: 'disconnected' });
        return false;
      } finally {
        this.#connecting = null;
      }
    })();
    return this.#connecting;
  }

  /** Between jobs: reconnect after unplug, and notice when paper was loaded or the cover closed. */
  async #healthCheck(): Promise<void> {
    if (!this.#running || this.#status.state === 'busy') return;
    if (!(await this.#connect())) return;
    if (!this.config.statusQueries) return;
    if (this.#status.state !== 'fault' && this.#status.state !== 'ready') return;
    const c = await this.queryCondition();
    if (!c) return;
    const code = conditionFailure(c);
    if ((this.#status as DeviceStatus).state === 'busy') return;
    if (code) this.#setStatus({ state: 'fault', code, message: printErrorMessages[code] });
    else this.#setStatus({ state: 'ready' });
  }

  #loadRasteriser(): GlyphRasteriser | null {
    if (!this.config.rasterFontPath) {
      this.#logger.warn({}, 'no raster font configured: characters outside the printer font print as □');
      return null;
    }
    try {
      return new GlyphRasteriser(this.config.rasterFontPath);
    } catch (e) {
      this.#logger.warn(
        { error: String(e) },
        'raster font not loadable: characters outside the printer font print as □',
      );
      return null;
    }
  }

  #setStatus(s: DeviceStatus): void {
    if (sameStatus(s, this.#status)) return;
    this.#status = s;
    this.#events.emit('status', s);
  }
}
