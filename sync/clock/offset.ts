import type Database from 'better-sqlite3';
import type { Clocks } from './clock';
import { getState, setState } from '../state';

/** server time − device time, measured from a signed server_time (or enrolment), kept per boot. */
export interface ClockEstimate {
  readonly offsetMs: number | null;
  readonly ageS: number | null;
}

interface StoredOffset {
  bootId: string;
  offsetMs: number;
  measuredMonoMs: number;
  lastServerTimeMs: number;
}

const KEY = 'clock_offset';

export class ClockOffset {
  #current: StoredOffset | null;

  constructor(
    private readonly db: Database.Database,
    private readonly clocks: Clocks,
    private readonly bootId: string,
  ) {
    const stored = getState<StoredOffset>(db, KEY);
    // An offset from another boot says nothing about this boot's clock.
    this.#current = stored && stored.bootId === bootId ? stored : null;
  }

  /**
   * offset = server_time − local_time_at_response + rtt/2 (protocol §6). `sentWallMs` and
   * `receivedWallMs` are wall readings around the exchange; rtt comes from the monotonic clock.
   */
  record(serverTime: string, receivedWallMs: number, rttMs: number): void {
    const serverMs = Date.parse(serverTime);
    if (!Number.isFinite(serverMs)) return;
    const offsetMs = Math.round(serverMs - receivedWallMs + rttMs / 2);
    this.#current = {
      bootId: this.bootId,
      offsetMs,
      measuredMonoMs: this.clocks.monoNow(),
      lastServerTimeMs: serverMs,
    };
    setState(this.db, KEY, this.#current);
  }

  estimate(atMonoMs = this.clocks.monoNow()): ClockEstimate {
    const c = this.#current;
    if (!c) return { offsetMs: null, ageS: null };
    return { offsetMs: c.offsetMs, ageS: Math.max(0, Math.round(Math.abs(atMonoMs - c.measuredMonoMs) / 1000)) };
  }

  measuredAtMono(): number | null {
    return this.#current?.measuredMonoMs ?? null;
  }

  /** Best estimate of the platform's current time, or null when nothing was measured this boot. */
  serverNowMs(): number | null {
    const c = this.#current;
    if (!c) return null;
    return c.lastServerTimeMs + (this.clocks.monoNow() - c.measuredMonoMs);
  }
}
