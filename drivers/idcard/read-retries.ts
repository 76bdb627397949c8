/**
 * How often one card placement is read before a failure is shown. The one home of the rule: the
 * kiosk driver and the technician CLI both count with it, so a technician testing a reader sees
 * what a villager would see.
 */

/** A card that fails to read (SW3 error) is tried twice, then the villager is asked to re-place it. */
export const CARD_FAILURES_PER_PLACEMENT = 2;
/** Line trouble (noise, a lost answer) is retried a little longer before the villager hears of it. */
export const LINK_FAILURES_PER_PLACEMENT = 3;
const LINK_FAILURE_CODES = new Set(['timeout', 'checksum_errors', 'malformed_response']);

export function isLinkFailure(code: string): boolean {
  return LINK_FAILURE_CODES.has(code);
}

/** Failed reads of one placement, counted per kind because each kind has its own budget. */
export class PlacementRetries {
  #card = 0;
  #link = 0;

  /** Counts a failed read; true when that was the last attempt this placement allows. */
  recordFailure(code: string): boolean {
    if (isLinkFailure(code)) this.#link += 1;
    else this.#card += 1;
    return this.exhausted;
  }

  get exhausted(): boolean {
    return this.#card >= CARD_FAILURES_PER_PLACEMENT || this.#link >= LINK_FAILURES_PER_PLACEMENT;
  }

  /** Failed reads so far (each one was followed by another attempt unless exhausted). */
  get failures(): number {
    return this.#card + this.#link;
  }

  reset(): void {
    this.#card = 0;
    this.#link = 0;
  }
}
