/**
 * Limits lookups by a typed receipt number that could be guesses (a miss, or a guessable legacy
 * number), per client connection and for the whole terminal, so nobody at the kiosk can walk
 * through numbers. Kept in memory: a restart forgets it, which the brief allows; someone who can
 * restart the host has the machine anyway.
 */
export interface LookupLimits {
  /** Guesses one connection may make per window. */
  readonly perConnection: number;
  /** Guesses the whole terminal accepts per window (many connections, or a reconnecting client). */
  readonly perTerminal: number;
  readonly windowMs: number;
}

export const defaultLookupLimits: LookupLimits = { perConnection: 5, perTerminal: 20, windowMs: 10 * 60_000 };

const TERMINAL = '\u0000terminal';
const MAX_TRACKED = 256;

export class LookupLimiter {
  readonly #limits: LookupLimits;
  readonly #now: () => number;
  readonly #guesses = new Map<string, number[]>();

  constructor(limits: LookupLimits = defaultLookupLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** False once this connection or the terminal used up its guesses in the current window. */
  allows(connectionId: string): boolean {
    return (
      this.#recent(connectionId).length < this.#limits.perConnection &&
      this.#recent(TERMINAL).length < this.#limits.perTerminal
    );
  }

  /** How many connections (plus the terminal) are remembered; for tests of the sweep. */
  get trackedKeys(): number {
    return this.#guesses.size;
  }

  recordGuess(connectionId: string): void {
    const at = this.#now();
    // Connections come and go: forget the expired ones now and then so the map stays small.
    if (this.#guesses.size > MAX_TRACKED) for (const key of [...this.#guesses.keys()]) this.#recent(key);
    for (const key of [connectionId, TERMINAL]) this.#guesses.set(key, [...this.#recent(key), at]);
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#limits.windowMs;
    const kept = (this.#guesses.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.#guesses.delete(key);
    else this.#guesses.set(key, kept);
    return kept;
  }
}
