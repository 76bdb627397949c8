import type { Failure } from '../../rules/result';
import { sameStatus, type DeviceStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { IdCardSource, IdCardSourceEvents } from './identity';
import { PlacementRetries } from './read-retries';
import { SamSession } from './sam-session';
import { SerialTransport } from './serial-transport';
import { describeSw3 } from './status-codes';
import type { ByteTransport } from './transport';

/** Logger-like sink. It only ever receives codes, counts and the port path: no personal data. */
export interface DriverLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}

export interface IdCardReaderOptions {
  /** Serial device path, e.g. /dev/ttyUSB0 or /dev/serial/by-id/…. */
  readonly port: string;
  readonly baudRate?: number;
  /** Card-presence polling; vendors advise more than 300 ms, so lower values are raised to 300. */
  readonly pollIntervalMs?: number;
  /** How often to retry opening a missing port. */
  readonly reconnectIntervalMs?: number;
  /** While the SAM is faulty, how often to reset and re-check it. */
  readonly faultRetryMs?: number;
  /** Use 30 10 (text + photo + fingerprints) instead of 30 01. */
  readonly readFingerprint?: boolean;
  /** Ask for the appended (newer) address after each read. */
  readonly readAppendedAddress?: boolean;
  /** Consecutive "no card" answers before `removed` fires (guards against one missed RF poll). */
  readonly removeAfterMisses?: number;
  /** Consecutive timeouts before the link is treated as lost and reopened. */
  readonly lostAfterTimeouts?: number;
  /** For bulk-USB / HID readers: supply another transport; the serial options are then ignored. */
  readonly transport?: ByteTransport;
}

export const MIN_POLL_INTERVAL_MS = 300;

/**
 * The ID card reader driver: opens the port, checks the SAM, polls for cards and emits one `card`
 * per placement and `removed` when the card leaves. Survives the port vanishing and returning.
 */
export class IdCardReader implements IdCardSource {
  readonly #events = new TypedEmitter<IdCardSourceEvents>();
  readonly #options: Required<Omit<IdCardReaderOptions, 'transport' | 'baudRate'>> & { baudRate: number };
  readonly #log: DriverLogger | undefined;
  readonly #transport: ByteTransport;
  readonly #session: SamSession;
  #status: DeviceStatus = { state: 'disconnected' };
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #linkLost = false;
  // Placement state
  #cardPresent = false;
  #readDone = false;
  readonly #retries = new PlacementRetries();
  #misses = 0;
  #timeouts = 0;

  constructor(options: IdCardReaderOptions, logger?: DriverLogger) {
    this.#options = {
      port: options.port,
      baudRate: options.baudRate ?? 115200,
      pollIntervalMs: Math.max(MIN_POLL_INTERVAL_MS, finiteOr(options.pollIntervalMs, 500)),
      reconnectIntervalMs: Math.max(50, finiteOr(options.reconnectIntervalMs, 1000)),
      faultRetryMs: Math.max(100, finiteOr(options.faultRetryMs, 3000)),
      readFingerprint: options.readFingerprint ?? false,
      readAppendedAddress: options.readAppendedAddress ?? false,
      removeAfterMisses: Math.max(1, options.removeAfterMisses ?? 2),
      lostAfterTimeouts: Math.max(1, options.lostAfterTimeouts ?? 3),
    };
    this.#log = logger;
    this.#transport =
      options.transport ?? new SerialTransport({ path: options.port, baudRate: this.#options.baudRate });
    this.#session = new SamSession(this.#transport);
    this.#transport.onLost(() => {
      this.#linkLost = true;
      this.#wake?.();
    });
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  /** Bytes exchanged so far (for benchmarks and diagnostics). */
  get counters(): Readonly<{ bytesIn: number; bytesOut: number }> {
    return this.#session.counters;
  }

  on<K extends keyof IdCardSourceEvents>(event: K, listener: (value: IdCardSourceEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Resolves once the first connection attempt is over; a missing port is retried in the background. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((r) => (firstAttempt = r));
    this.#loop = this.#run(firstAttempt).catch((e: unknown) => {
      // A bug, not a device condition: report it as a fault rather than crash the host.
      this.#log?.warn({ err: e instanceof Error ? e.message : String(e) }, 'idcard driver loop crashed');
      this.#setStatus({ state: 'fault', code: 'driver_error', message: '读卡器程序出错，请重启终端' });
      firstAttempt();
    });
    await attempted;
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wake?.();
    // Closing first makes any further command fail at once; abort the one in flight.
    await this.#transport.close();
    this.#session.abortPending();
    await this.#loop;
    this.#loop = null;
    // An open() that was in flight when stop() began may have completed meanwhile.
    await this.#transport.close();
    this.#setStatus({ state: 'disconnected' });
  }

  async #run(firstAttempt: () => void): Promise<void> {
    while (this.#running) {
      if (!this.#transport.isOpen || this.#linkLost) {
        const connected = await this.#connect();
        firstAttempt();
        if (!connected) {
          await this.#sleep(this.#options.reconnectIntervalMs);
          continue;
        }
      }
      const started = Date.now();
      if (this.#status.state === 'fault') {
        await this.#recoverSam();
        if (this.#status.state === 'fault') {
          await this.#sleep(this.#options.faultRetryMs);
          continue;
        }
      }
      await this.#pollOnce();
      await this.#sleep(this.#options.pollIntervalMs - (Date.now() - started));
    }
  }

  async #connect(): Promise<boolean> {
    if (this.#linkLost || this.#transport.isOpen) {
      this.#linkLost = false;
      await this.#transport.close();
      this.#forgetCard();
      this.#setStatus({ state: 'disconnected' });
    }
    const opened = await this.#transport.open();
    if (!opened.ok) {
      this.#setStatus({ state: 'disconnected' });
      return false;
    }
    this.#timeouts = 0;
    this.#log?.info({ port: this.#transport.description }, 'idcard port opened');
    const status = await this.#session.samStatus();
    if (status.ok) {
      this.#setStatus({ state: 'ready' });
      return true;
    }
    if (status.error.code === 'timeout' || status.error.code === 'port_lost') {
      // Something is on that port but not answering: keep trying like a missing reader.
      this.#log?.warn({ code: status.error.code }, 'idcard SAM did not answer after open');
      await this.#transport.close();
      this.#setStatus({ state: 'disconnected' });
      return false;
    }
    await this.#samFault(status.error);
    return true;
  }

  async #samFault(failure: Failure): Promise<void> {
    this.#log?.warn({ code: failure.code }, 'idcard SAM fault, resetting');
    this.#setStatus({ state: 'fault', code: failure.code, message: failure.message });
    this.#forgetCard();
    await this.#recoverSam();
  }

  async #recoverSam(): Promise<void> {
    await this.#session.resetSam();
    const status = await this.#session.samStatus();
    if (status.ok) {
      this.#log?.info({}, 'idcard SAM recovered');
      this.#setStatus({ state: 'ready' });
    } else if (
      status.error.code === 'port_lost' ||
      (status.error.code === 'timeout' && this.#transport.isPresent?.() === false)
    ) {
      this.#linkLost = true;
    }
  }

  async #pollOnce(): Promise<void> {
    const found = await this.#session.findCard();
    if (!found.ok) {
      await this.#handleFailure(found.error, false);
      return;
    }
    this.#timeouts = 0;
    if (found.value === 'absent') {
      this.#misses += 1;
      if (this.#cardPresent && this.#misses >= this.#options.removeAfterMisses) this.#forgetCard();
      return;
    }
    this.#misses = 0;
    this.#cardPresent = true;
    if (this.#readDone || this.#retries.exhausted) {
      return;
    }
    this.#setStatus({ state: 'busy' });
    const card = await this.#session.readCard({
      fingerprint: this.#options.readFingerprint,
      appendedAddress: this.#options.readAppendedAddress,
    });
    if (card.ok) {
      this.#readDone = true;
      this.#setStatus({ state: 'ready' });
      this.#log?.info({ cardType: card.value.cardType, warnings: card.value.warnings.length }, 'idcard read');
      this.#events.emit('card', card.value);
      return;
    }
    const lastAttempt = this.#retries.recordFailure(card.error.code);
    await this.#handleFailure(card.error, lastAttempt);
    if (this.#status.state === 'busy') this.#setStatus({ state: 'ready' });
  }

  async #handleFailure(failure: Failure, reportToVillager: boolean): Promise<void> {
    const { code } = failure;
    if (isSamFaultCode(code)) {
      await this.#samFault(failure);
      return;
    }
    if (code === 'port_lost') {
      this.#linkLost = true;
      return;
    }
    if (code === 'timeout' && this.#transport.isPresent?.() === false) {
      // The device node vanished (USB unplugged) even if the port never reported it.
      this.#linkLost = true;
      return;
    }
    if (code === 'timeout') {
      this.#timeouts += 1;
      this.#log?.warn({ code, consecutive: this.#timeouts }, 'idcard command timed out');
      if (this.#timeouts >= this.#options.lostAfterTimeouts) {
        this.#timeouts = 0;
        this.#linkLost = true;
        return;
      }
    } else {
      this.#log?.warn({ code }, 'idcard command failed');
    }
    if (reportToVillager) this.#events.emit('readError', failure);
  }

  /** The card's fate is unknown or it left: a later find reads it afresh. */
  #forgetCard(): void {
    if (this.#cardPresent) this.#events.emit('removed', undefined);
    this.#cardPresent = false;
    this.#readDone = false;
    this.#retries.reset();
    this.#misses = 0;
  }

  #setStatus(status: DeviceStatus): void {
    if (sameStatus(this.#status, status)) return;
    this.#status = status;
    this.#log?.info(
      { state: status.state, ...(status.state === 'fault' ? { code: status.code } : {}) },
      'idcard status',
    );
    this.#events.emit('status', status);
  }

  #sleep(ms: number): Promise<void> {
    if (!this.#running || this.#linkLost || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }
}

/** Configuration comes from files and CLIs: a NaN must never turn the poll into a busy loop. */
function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

function isSamFaultCode(code: string): boolean {
  return code === describeSw3(0x60).code || code === describeSw3(0x66).code;
}
