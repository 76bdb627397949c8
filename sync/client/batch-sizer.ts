/**
 * Batch size by bytes on the wire (compressed), adapted to the link: grow ×2 after a success,
 * halve after a timeout or a 413, back to the minimum after the link was lost. The raw budget for picking items is the wire target divided by
 * the compression ratio seen in the last batch.
 */
export interface BatchSizerOptions {
  readonly initialBytes: number;
  readonly minBytes: number;
  readonly maxBytes: number;
}

export class BatchSizer {
  #target: number;
  #ratio = 0.35;
  readonly #o: BatchSizerOptions;

  constructor(o: BatchSizerOptions) {
    this.#o = o;
    this.#target = clamp(o.initialBytes, o.minBytes, o.maxBytes);
  }

  get targetWireBytes(): number {
    return this.#target;
  }

  /** Uncompressed payload bytes to pick for the next batch. */
  rawBudget(): number {
    return Math.floor(this.#target / this.#ratio);
  }

  observeCompression(rawBytes: number, wireBytes: number): void {
    if (rawBytes <= 0) return;
    // Never assume better than 10:1, so one odd batch cannot blow past the platform limit.
    this.#ratio = clamp(wireBytes / rawBytes, 0.1, 1);
  }

  onSuccess(): void {
    this.#target = clamp(this.#target * 2, this.#o.minBytes, this.#o.maxBytes);
  }

  onTimeout(): void {
    this.#target = clamp(Math.floor(this.#target / 2), this.#o.minBytes, this.#o.maxBytes);
  }

  /**
   * The link was lost (no answer at all): start again from the minimum so the first answer after
   * it returns comes quickly; onSuccess doubles from there.
   */
  onLinkLost(): void {
    this.#target = this.#o.minBytes;
  }

  /** 413: at most half of what was just refused. */
  onTooLarge(sentWireBytes: number): void {
    this.#target = clamp(Math.min(this.#target, Math.floor(sentWireBytes / 2)), this.#o.minBytes, this.#o.maxBytes);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
