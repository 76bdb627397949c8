/**
 * Which 政务公开 notices a station shows, and how the list and a long text are cut into pages.
 * "Now" is always the platform's time (rules/clock.ts): a station whose clock runs a day slow must
 * not keep showing a notice the county withdrew by expiry.
 *
 * Pure module (rules/): no Node, DOM or Electron imports.
 */

export interface NoticeTimes {
  readonly priority: 'normal' | 'important';
  readonly published_at: string;
  readonly expires_at: string | null;
}

/** Shown from publication until expiry (exclusive); a date that does not parse hides the notice (fail closed). */
export function isCurrent(n: NoticeTimes, platformNowMs: number): boolean {
  const from = Date.parse(n.published_at);
  if (Number.isNaN(from) || from > platformNowMs) return false;
  if (n.expires_at === null) return true;
  const until = Date.parse(n.expires_at);
  return !Number.isNaN(until) && platformNowMs < until;
}

/** Current notices, urgent ones first, then newest first. */
export function currentNotices<T extends NoticeTimes>(all: readonly T[], platformNowMs: number): T[] {
  return all
    .filter((n) => isCurrent(n, platformNowMs))
    .sort(
      (a, b) =>
        Number(b.priority === 'important') - Number(a.priority === 'important') ||
        Date.parse(b.published_at) - Date.parse(a.published_at),
    );
}

/** The next moment (platform ms) at which the current set changes (a notice starts or ends), or null. */
export function nextNoticeChange(all: readonly NoticeTimes[], platformNowMs: number): number | null {
  let next: number | null = null;
  for (const n of all) {
    for (const at of [Date.parse(n.published_at), n.expires_at === null ? NaN : Date.parse(n.expires_at)]) {
      if (!Number.isNaN(at) && at > platformNowMs && (next === null || at < next)) next = at;
    }
  }
  return next;
}

export interface Page<T> {
  readonly items: T[];
  /** 0-based, clamped into range. */
  readonly index: number;
  readonly count: number;
}

/** One page of a list; an empty list is one empty page, so the screen always has a page to show. */
export function pageOf<T>(all: readonly T[], index: number, size: number): Page<T> {
  const count = Math.max(1, Math.ceil(all.length / size));
  const at = Math.min(Math.max(0, Math.trunc(index)), count - 1);
  return { items: all.slice(at * size, (at + 1) * size), index: at, count };
}

/**
 * A long notice text cut into screen-sized pages of at most `size` characters (code points),
 * preferring to cut after a full stop or line break in the last third of a page.
 */
export function textPages(text: string, size: number): string[] {
  const chars = [...text.trim()];
  const pages: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(chars.length, start + size);
    if (end < chars.length) {
      for (let i = end; i > start + Math.floor((size * 2) / 3); i -= 1) {
        if (/[。！？；\n]/.test(chars[i - 1]!)) {
          end = i;
          break;
        }
      }
    }
    pages.push(chars.slice(start, end).join('').trim());
    start = end;
  }
  return pages.length > 0 ? pages : [''];
}
