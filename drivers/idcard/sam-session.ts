import { err, ok, type Result } from '../../rules/result';
import {
  commandFrame,
  COMMANDS,
  decodeAppendedAddress,
  decodeFindCard,
  decodeRead,
  decodeSamId,
  decodeSimpleOk,
  splitResponse,
  type CommandSpec,
  type SamResponse,
} from './commands';
import { Deframer } from './deframer';
import type { Frame } from './frame';
import type { IdentityCard } from './identity';
import { decodeTextBlock } from './text-block';
import type { ByteTransport } from './transport';

export const SESSION_ERRORS = {
  timeout: '读卡器没有应答，请检查读卡器连线和电源',
  checksum_errors: '读卡器应答校验出错（数据受干扰），请检查连线或换一根USB线',
  port_lost: '读卡器连接已断开，请检查USB线',
} as const;

const CORRUPT_GRACE_MS = 250;

/** Wire statistics, e.g. for the benchmark's physical-limit figure. */
export interface SessionCounters {
  bytesOut: number;
  bytesIn: number;
}

/**
 * One command at a time over a byte transport: write the frame, wait for exactly one valid
 * response frame or the command's timeout. Frames that arrive with no command waiting are stale
 * (an answer to a command that already timed out) and dropped.
 */
export class SamSession {
  readonly #transport: ByteTransport;
  readonly deframer = new Deframer();
  readonly counters: SessionCounters = { bytesOut: 0, bytesIn: 0 };
  readonly #timeoutScale: number;
  #queue: Promise<unknown> = Promise.resolve();
  #waiter: ((frame: Frame) => void) | null = null;
  #onCorrupt: (() => void) | null = null;
  #abort: (() => void) | null = null;

  constructor(transport: ByteTransport, options: { timeoutScale?: number } = {}) {
    this.#transport = transport;
    this.#timeoutScale = options.timeoutScale ?? 1;
    transport.onData((bytes) => {
      this.counters.bytesIn += bytes.length;
      const badBefore = this.#badFrames();
      const frames = this.deframer.push(bytes);
      for (const frame of frames) {
        const waiter = this.#waiter;
        this.#waiter = null;
        waiter?.(frame);
      }
      if (frames.length === 0 && this.#badFrames() > badBefore) this.#onCorrupt?.();
    });
  }

  /** Send one command and wait for its answer; queued behind any command already running. */
  exec(spec: CommandSpec): Promise<Result<SamResponse>> {
    const run = this.#queue.then(() => this.#execNow(spec));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #execNow(spec: CommandSpec): Promise<Result<SamResponse>> {
    if (!this.#transport.isOpen) return err('port_lost', SESSION_ERRORS.port_lost);
    this.deframer.reset();
    const badBefore = this.#badFrames();
    const frame = commandFrame(spec);
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<Frame | null>((resolve) => {
      this.#waiter = resolve;
      this.#abort = () => resolve(null);
      timer = setTimeout(() => resolve(null), spec.timeoutMs * this.#timeoutScale);
      // The SAM sends one answer per command: once a corrupted frame was dropped, the answer is
      // almost surely lost. Wait only a short grace (a resynchronised answer may still complete).
      this.#onCorrupt = () => {
        this.#onCorrupt = null;
        clearTimeout(timer);
        timer = setTimeout(() => resolve(null), CORRUPT_GRACE_MS);
      };
    });
    try {
      await this.#transport.write(frame);
      this.counters.bytesOut += frame.length;
    } catch {
      clearTimeout(timer);
      this.#waiter = null;
      this.#onCorrupt = null;
      return err('port_lost', SESSION_ERRORS.port_lost);
    }
    const got = await answer;
    clearTimeout(timer);
    this.#waiter = null;
    this.#onCorrupt = null;
    this.#abort = null;
    if (got === null) {
      const corrupted = this.#badFrames() > badBefore;
      this.deframer.reset();
      if (!this.#transport.isOpen) return err('port_lost', SESSION_ERRORS.port_lost);
      return corrupted
        ? err('checksum_errors', SESSION_ERRORS.checksum_errors)
        : err('timeout', SESSION_ERRORS.timeout);
    }
    return splitResponse(got);
  }

  /** Give up on the command in flight now (used when the driver stops). */
  abortPending(): void {
    this.#abort?.();
  }

  #badFrames(): number {
    return this.deframer.stats.badChecksum + this.deframer.stats.badLength;
  }

  async #run<T>(spec: CommandSpec, decode: (r: SamResponse) => Result<T>): Promise<Result<T>> {
    const r = await this.exec(spec);
    return r.ok ? decode(r.value) : r;
  }

  resetSam(): Promise<Result<void>> {
    return this.#run(COMMANDS.resetSam, decodeSimpleOk);
  }

  samStatus(): Promise<Result<void>> {
    return this.#run(COMMANDS.samStatus, decodeSimpleOk);
  }

  samId(): Promise<Result<string>> {
    return this.#run(COMMANDS.samId, decodeSamId);
  }

  findCard(): Promise<Result<'present' | 'absent'>> {
    return this.#run(COMMANDS.findCard, decodeFindCard);
  }

  selectCard(): Promise<Result<void>> {
    return this.#run(COMMANDS.selectCard, decodeSimpleOk);
  }

  readAppendedAddress(): Promise<Result<string | null>> {
    return this.#run(COMMANDS.readAppendedAddress, decodeAppendedAddress);
  }

  /** Select + read (+ appended address) after a successful find; returns the decoded card. */
  async readCard(options: { fingerprint?: boolean; appendedAddress?: boolean } = {}): Promise<Result<IdentityCard>> {
    const selected = await this.selectCard();
    if (!selected.ok) return selected;
    const withFp = options.fingerprint ?? false;
    const read = await this.#run(withFp ? COMMANDS.readWithFingerprint : COMMANDS.readBase, (r) =>
      decodeRead(r, withFp),
    );
    if (!read.ok) return read;
    const text = decodeTextBlock(read.value.text);
    if (!text.ok) return text;
    const extra: Record<string, string> = { ...text.value.extra };
    if (options.appendedAddress) {
      // Allowed without re-authentication right after a base read while the card stays put.
      const appended = await this.readAppendedAddress();
      if (appended.ok && appended.value) extra['appendedAddress'] = appended.value;
    }
    return ok({
      ...text.value,
      extra,
      photoWlt: read.value.photo.length > 0 ? read.value.photo : null,
      ...(withFp ? { fingerprint: read.value.fingerprint } : {}),
    });
  }
}
