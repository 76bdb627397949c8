/**
 * Press-and-hold detector for the hidden technician entry: the station name in the top bar opens
 * the PIN keypad only after being held for `holdMs` without letting go, so a villager tapping it
 * by chance never sees it. Timers are injectable so the logic is tested without waiting.
 */
export interface HoldTimer {
  /** Finger down: starts the hold. A second press while holding restarts nothing. */
  press(): void;
  /** Finger up, moved away or cancelled: the hold is abandoned unless it already fired. */
  release(): void;
  readonly holding: boolean;
}

export interface HoldClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: HoldClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createHoldTimer(holdMs: number, onHeld: () => void, clock: HoldClock = realClock): HoldTimer {
  let handle: unknown = null;
  return {
    press() {
      if (handle !== null) return;
      handle = clock.setTimeout(() => {
        handle = null;
        onHeld();
      }, holdMs);
    },
    release() {
      if (handle === null) return;
      clock.clearTimeout(handle);
      handle = null;
    },
    get holding() {
      return handle !== null;
    },
  };
}
