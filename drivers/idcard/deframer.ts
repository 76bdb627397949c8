import { HEADER_LENGTH, MAX_LEN, PREAMBLE, xorChecksum, type Frame } from './frame';

export interface DeframerStats {
  frames: number;
  /** Bytes dropped while looking for a preamble. */
  garbageBytes: number;
  badLength: number;
  badChecksum: number;
}

/**
 * Stream de-framer: bytes arrive in arbitrary fragments, possibly with noise between frames.
 * It searches for the preamble, trusts Len only within [1, maxLen], and on any bad length or
 * checksum drops a single byte and searches again, so a frame hidden inside a corrupted one is
 * still found. It never throws on input and never emits a frame whose checksum is wrong. A frame
 * whose Len is plausible but whose bytes never arrive is held until `reset()` (the driver calls
 * it when a command times out), so the buffer is bounded by maxLen + one chunk.
 */
export class Deframer {
  readonly #maxLen: number;
  #buf = new Uint8Array(4096);
  #start = 0;
  #end = 0;
  readonly stats: DeframerStats = { frames: 0, garbageBytes: 0, badLength: 0, badChecksum: 0 };

  constructor(options: { maxLen?: number } = {}) {
    this.#maxLen = options.maxLen ?? MAX_LEN;
  }

  get bufferedBytes(): number {
    return this.#end - this.#start;
  }

  /** Size of the internal buffer, for leak checks. */
  get capacity(): number {
    return this.#buf.length;
  }

  reset(): void {
    this.#start = 0;
    this.#end = 0;
  }

  push(chunk: Uint8Array): Frame[] {
    this.#append(chunk);
    const frames: Frame[] = [];
    const buf = this.#buf;
    for (;;) {
      const found = this.#findPreamble();
      if (!found) break;
      const available = this.#end - this.#start;
      if (available < HEADER_LENGTH) break;
      const s = this.#start;
      const len = (buf[s + 5]! << 8) | buf[s + 6]!;
      if (len < 1 || len > this.#maxLen) {
        this.stats.badLength += 1;
        this.#start += 1;
        continue;
      }
      if (available < HEADER_LENGTH + len) break;
      const last = s + HEADER_LENGTH + len - 1;
      if (xorChecksum(buf, s + 5, last) !== buf[last]) {
        this.stats.badChecksum += 1;
        this.#start += 1;
        continue;
      }
      frames.push({ body: buf.slice(s + HEADER_LENGTH, last) });
      this.stats.frames += 1;
      this.#start = last + 1;
    }
    if (this.#start === this.#end) {
      this.reset();
      // One oversized chunk must not pin a large buffer for the life of the driver.
      if (this.#buf.length > 65_536) this.#buf = new Uint8Array(4096);
    }
    return frames;
  }

  /** Advance #start to the next preamble (or a preamble prefix at the very end). */
  #findPreamble(): boolean {
    const buf = this.#buf;
    let i = this.#start;
    const end = this.#end;
    outer: for (; i < end; i++) {
      for (let k = 0; k < PREAMBLE.length; k++) {
        if (i + k >= end) break outer; // a prefix of the preamble at the tail: wait for more
        if (buf[i + k] !== PREAMBLE[k]) continue outer;
      }
      this.stats.garbageBytes += i - this.#start;
      this.#start = i;
      return true;
    }
    this.stats.garbageBytes += i - this.#start;
    this.#start = i;
    return false;
  }

  #append(chunk: Uint8Array): void {
    const pending = this.#end - this.#start;
    const needed = pending + chunk.length;
    if (needed > this.#buf.length) {
      const next = new Uint8Array(Math.max(needed, this.#buf.length * 2));
      next.set(this.#buf.subarray(this.#start, this.#end));
      this.#buf = next;
      this.#start = 0;
      this.#end = pending;
    } else if (this.#end + chunk.length > this.#buf.length) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#start = 0;
      this.#end = pending;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }
}
