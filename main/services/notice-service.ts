import type { NoticesView } from '../contract/views';
import { currentNotices, nextNoticeChange } from '../../rules/announcements';
import { platformTime } from '../../rules/clock';
import type { Announcement } from '../../sync/protocol/wire';

export interface NoticeDeps {
  /** The synced `announcements` dataset (empty before the first sync). */
  readonly announcements: () => Announcement[];
  /** Subscribe to a change of that dataset (after a sync committed it); returns unsubscribe. */
  readonly onAnnouncementsChanged: (cb: () => void) => () => void;
  /** Platform − device clock (ms) measured this boot, or null. */
  readonly clockOffsetMs: () => number | null;
  readonly now?: () => number;
}

/** A timer longer than this is re-armed later: the clock offset may be measured (or change) meanwhile. */
const MAX_WAIT_MS = 15 * 60_000;

/**
 * 政务公开 notices for the station screen: the current ones by the platform's time (the device
 * clock only until sync measured the offset), urgent first. Listeners hear of every change: a sync
 * that brought new or withdrawn notices, and the moment a notice starts or expires.
 */
export class NoticeService {
  readonly #d: NoticeDeps;
  readonly #listeners = new Set<(view: NoticesView) => void>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(deps: NoticeDeps) {
    this.#d = deps;
  }

  list(): NoticesView {
    const notices = currentNotices(this.#d.announcements(), this.#platformNow()).map((a) => ({
      id: a.id,
      title: a.title,
      body: a.body,
      category: a.category ?? null,
      urgent: a.priority === 'important',
      publishedAt: a.published_at,
    }));
    return { notices };
  }

  /** Starts watching for changes; returns unsubscribe. */
  onChange(listener: (view: NoticesView) => void): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) {
      this.#unsubscribe = this.#d.onAnnouncementsChanged(() => this.#announce());
      this.#arm();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #announce(): void {
    const view = this.list();
    for (const l of [...this.#listeners]) l(view);
    this.#arm();
  }

  /** Wakes at the next start or expiry of a notice, so the screen drops an expired one without a sync. */
  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const now = this.#platformNow();
    const next = nextNoticeChange(this.#d.announcements(), now);
    if (next === null) return;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, next - now) + 50);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#platformNow() >= next) this.#announce();
      else this.#arm();
    }, wait);
    this.#timer.unref?.();
  }

  #platformNow(): number {
    return platformTime((this.#d.now ?? Date.now)(), this.#d.clockOffsetMs());
  }
}
