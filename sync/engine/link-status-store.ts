import type Database from 'better-sqlite3';
import type { Clocks } from '../clock/clock';
import type { SyncFailure } from '../client/errors';
import { getState, setState } from '../state';
import { isLinkLost } from './split-policy';
import type { LinkState, SyncStatus } from './status';

const LAST_KEY = 'engine_last';
interface PersistedLast {
  link: LinkState;
  lastSuccess: SyncStatus['lastSuccess'];
  lastError: SyncStatus['lastError'];
}

export interface LinkStatusDeps {
  readonly db: Database.Database;
  readonly clocks: Clocks;
  /** Called after every change (the engine turns it into a status event). */
  readonly onChange: () => void;
  /** Called when something answered after the link had been lost (normal connect timeout again). */
  readonly onLinkBack: () => void;
}

/**
 * What the engine knows about the link: its state, the last success and error (kept in sync_state,
 * so `npm run sync -- status` in another process shows the kiosk's last outcome), and when an
 * outage began, which decides how fast the scheduler retries.
 */
export class LinkStatusStore {
  readonly #d: LinkStatusDeps;
  #link: LinkState;
  #recordedLink: LinkState | null = null;
  #lastSuccess: SyncStatus['lastSuccess'] = null;
  #lastError: SyncStatus['lastError'] = null;
  /** Monotonic ms when the link was lost (no answer at all); null once anything is answered. */
  #linkLostAt: number | null = null;
  /** The last failed cycle failed while uploading (work is waiting), not while polling changes. */
  #failedWithWork = false;

  constructor(deps: LinkStatusDeps, enrolled: boolean) {
    this.#d = deps;
    this.#link = enrolled ? 'unknown' : 'unenrolled';
    const last = getState<PersistedLast>(deps.db, LAST_KEY);
    if (last && enrolled) {
      this.#lastSuccess = last.lastSuccess;
      this.#lastError = last.lastError;
      this.#recordedLink = last.link;
    }
  }

  get link(): LinkState {
    return this.#link;
  }

  get recordedLink(): LinkState | null {
    return this.#recordedLink;
  }

  get lastSuccess(): SyncStatus['lastSuccess'] {
    return this.#lastSuccess;
  }

  get lastError(): SyncStatus['lastError'] {
    return this.#lastError;
  }

  /** Enrolment state changed (`unenrolled`, or `unknown` after a new enrolment). Not persisted. */
  setLink(link: LinkState): void {
    this.#link = link;
  }

  noteSuccess(serverTime: string | null): void {
    this.#link = 'up';
    if (this.#linkLostAt !== null) {
      this.#linkLostAt = null;
      this.#d.onLinkBack();
    }
    this.#lastSuccess = { deviceTime: new Date(this.#d.clocks.wallNow()).toISOString(), serverTime };
    this.#persist();
    this.#d.onChange();
  }

  /** `withWork`: the failure came while uploads were waiting (omitted: unchanged). */
  noteFailure(f: SyncFailure, withWork?: boolean): void {
    if (withWork !== undefined) this.#failedWithWork = withWork;
    if (isLinkLost(f)) this.#linkLostAt ??= this.#d.clocks.monoNow();
    else this.#linkLostAt = null; // something answered: the link works
    this.#link = f.kind === 'auth' ? 'unauthorized' : f.kind === 'transient' ? 'down' : this.#link;
    this.#lastError = {
      code: f.code,
      message: f.message,
      deviceTime: new Date(this.#d.clocks.wallNow()).toISOString(),
    };
    this.#persist();
    this.#d.onChange();
  }

  /** Early in an outage (no answer at all) with uploads waiting. */
  inFastOutage(outageFastRetryMs: number): boolean {
    return (
      this.#failedWithWork &&
      this.#linkLostAt !== null &&
      this.#d.clocks.monoNow() - this.#linkLostAt < outageFastRetryMs
    );
  }

  #persist(): void {
    if (this.#d.db.open)
      setState(this.#d.db, LAST_KEY, { link: this.#link, lastSuccess: this.#lastSuccess, lastError: this.#lastError });
  }
}
