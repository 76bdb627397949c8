/**
 * Inactivity watch for villager screens (MIIT 适老化 2.3, WCAG 2.2.1): after `idleMs` without
 * input a countdown of `countdownMs` is shown; any input stops it; when it runs out the session
 * is cleared. While the terminal is busy (a card read, a submit or a print in flight) nothing
 * counts down: the watch restarts from zero once the work is done.
 */
export type IdlePhase = 'off' | 'watching' | 'countdown' | 'busy' | 'expired';

export interface IdleEvents {
  /** Countdown shown or updated: whole seconds left. */
  onCountdown(secondsLeft: number): void;
  /** Countdown withdrawn (input arrived or the watch stopped). */
  onCountdownCancelled(): void;
  onExpire(): void;
}

export interface IdleTimer {
  readonly phase: IdlePhase;
  /** Start watching (something personal is on screen). */
  start(): void;
  /** Stop watching (back home, nothing personal left). */
  stop(): void;
  /** A touch, key or scan. */
  activity(): void;
  /** Hold the timer while work is in flight; nested holds are counted. */
  hold(): () => void;
  configure(idleMs: number, countdownMs: number): void;
}

export function createIdleTimer(idleMs: number, countdownMs: number, events: IdleEvents): IdleTimer {
  let phase: IdlePhase = 'off';
  let holds = 0;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let tickTimer: ReturnType<typeof setInterval> | null = null;
  let deadline = 0;

  const clearTimers = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    if (tickTimer) clearInterval(tickTimer);
    idleTimer = null;
    tickTimer = null;
  };

  const leaveCountdown = (): void => {
    if (phase === 'countdown') events.onCountdownCancelled();
  };

  const secondsLeft = (): number => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

  const beginCountdown = (): void => {
    phase = 'countdown';
    deadline = Date.now() + countdownMs;
    events.onCountdown(secondsLeft());
    tickTimer = setInterval(() => {
      const left = secondsLeft();
      if (left > 0) {
        events.onCountdown(left);
        return;
      }
      clearTimers();
      phase = 'expired';
      events.onExpire();
    }, 250);
  };

  const watch = (): void => {
    clearTimers();
    if (holds > 0) {
      leaveCountdown();
      phase = 'busy';
      return;
    }
    leaveCountdown();
    phase = 'watching';
    idleTimer = setTimeout(beginCountdown, idleMs);
  };

  return {
    get phase() {
      return phase;
    },
    start() {
      if (phase === 'off' || phase === 'expired') watch();
    },
    stop() {
      clearTimers();
      leaveCountdown();
      phase = 'off';
    },
    activity() {
      if (phase === 'watching' || phase === 'countdown') watch();
    },
    hold() {
      holds += 1;
      if (phase === 'watching' || phase === 'countdown') watch();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        if (holds === 0 && phase === 'busy') watch();
      };
    },
    configure(newIdleMs, newCountdownMs) {
      idleMs = newIdleMs;
      countdownMs = newCountdownMs;
      if (phase === 'watching') watch();
    },
  };
}
