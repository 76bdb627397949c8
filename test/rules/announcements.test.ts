import { describe, expect, it } from 'vitest';
import { currentNotices, isCurrent, nextNoticeChange, pageOf, textPages } from '../../rules/announcements';

const at = (iso: string) => Date.parse(iso);
const notice = (
  id: string,
  published_at: string,
  expires_at: string | null,
  priority: 'normal' | 'important' = 'normal',
) => ({
  id,
  published_at,
  expires_at,
  priority,
});

describe('current notices by platform time', () => {
  it('shows a notice from publication until (not including) expiry', () => {
    const n = notice('a', '2026-12-01T00:00:00Z', '2026-12-10T00:00:00Z');
    expect(isCurrent(n, at('2026-11-30T23:59:59Z'))).toBe(false);
    expect(isCurrent(n, at('2026-12-01T00:00:00Z'))).toBe(true);
    expect(isCurrent(n, at('2026-12-09T23:59:59Z'))).toBe(true);
    expect(isCurrent(n, at('2026-12-10T00:00:00Z'))).toBe(false);
    expect(isCurrent(notice('b', '2026-12-01T00:00:00Z', null), at('2099-01-01T00:00:00Z'))).toBe(true);
  });

  it('hides a notice whose dates do not parse (fail closed)', () => {
    expect(isCurrent(notice('a', 'soon', null), at('2026-12-01T00:00:00Z'))).toBe(false);
    expect(isCurrent(notice('a', '2026-12-01T00:00:00Z', 'later'), at('2026-12-02T00:00:00Z'))).toBe(false);
  });

  it('puts urgent notices first, then the newest', () => {
    const list = [
      notice('old', '2026-11-01T00:00:00Z', null),
      notice('new', '2026-11-20T00:00:00Z', null),
      notice('urgent-old', '2026-10-01T00:00:00Z', null, 'important'),
      notice('expired', '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z', 'important'),
    ];
    expect(currentNotices(list, at('2026-12-01T00:00:00Z')).map((n) => n.id)).toEqual(['urgent-old', 'new', 'old']);
  });

  it('names the next start or expiry after now', () => {
    const list = [
      notice('a', '2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z'),
      notice('b', '2026-12-03T00:00:00Z', null),
    ];
    expect(nextNoticeChange(list, at('2026-12-02T00:00:00Z'))).toBe(at('2026-12-03T00:00:00Z'));
    expect(nextNoticeChange(list, at('2026-12-04T00:00:00Z'))).toBe(at('2026-12-05T00:00:00Z'));
    expect(nextNoticeChange(list, at('2026-12-06T00:00:00Z'))).toBeNull();
  });
});

describe('pages', () => {
  it('cuts a list into pages and clamps the page asked for', () => {
    const items = ['1', '2', '3', '4', '5'];
    expect(pageOf(items, 0, 2)).toEqual({ items: ['1', '2'], index: 0, count: 3 });
    expect(pageOf(items, 2, 2)).toEqual({ items: ['5'], index: 2, count: 3 });
    expect(pageOf(items, 9, 2).index).toBe(2);
    expect(pageOf(items, -1, 2).index).toBe(0);
    expect(pageOf([], 0, 4)).toEqual({ items: [], index: 0, count: 1 });
  });

  it('cuts a long text at a full stop near the end of a page, keeping every character', () => {
    const text = '第一句话说完了。'.repeat(10) + '没有句号的结尾';
    const pages = textPages(text, 30);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect([...p].length).toBeLessThanOrEqual(30);
    expect(pages.slice(0, -1).every((p) => p.endsWith('。'))).toBe(true);
    expect(pages.join('')).toBe(text);
    expect(textPages('', 30)).toEqual(['']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(textPages('𠀀'.repeat(5), 2)).toEqual(['𠀀𠀀', '𠀀𠀀', '𠀀']);
  });
});
