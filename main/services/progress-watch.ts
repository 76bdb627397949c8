import type { ProgressPushed } from '../contract/villager-views';
import type { OwnApplication } from './my-applications';

export interface ProgressWatchDeps {
  /** The card holder's applications now, or null without a card in the reader. */
  readonly ownApplications: () => OwnApplication[] | null;
  readonly publish: (pushed: ProgressPushed) => void;
}

/**
 * Says so on screen when the platform moves an application on (`tx_status` arrived) while its
 * owner's card is in the reader. Driven by events only: a card placed takes a snapshot, a
 * `tx_status` change compares against it; nothing polls.
 */
export class ProgressWatch {
  #seen: Map<string, string> | null = null;

  constructor(private readonly d: ProgressWatchDeps) {}

  /** A card was placed or taken away: start over from what stands now. */
  sessionChanged(): void {
    const own = this.d.ownApplications();
    this.#seen = own === null ? null : new Map(own.map((a) => [a.txId, fingerprint(a)]));
  }

  /** The platform's `tx_status` dataset changed (after commit). */
  statusesChanged(): void {
    if (this.#seen === null) return;
    const own = this.d.ownApplications();
    if (own === null) {
      this.#seen = null;
      return;
    }
    for (const a of own) {
      const now = fingerprint(a);
      const before = this.#seen.get(a.txId);
      this.#seen.set(a.txId, now);
      if (before !== undefined && before !== now) {
        this.d.publish({ localNumber: a.localNumber, serviceName: a.serviceName, status: a.status });
      }
    }
  }
}

/** A new note on the same status is news too. */
const fingerprint = (a: OwnApplication): string => `${a.status}\u0000${a.note ?? ''}`;
