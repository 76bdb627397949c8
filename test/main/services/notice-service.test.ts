import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoticeService } from '../../../main/services/notice-service';
import type { Announcement } from '../../../sync/protocol/wire';

const a = (id: string, over: Partial<Announcement> = {}): Announcement => ({
  id,
  title: `通知${id}`,
  body: '正文',
  priority: 'normal',
  published_at: '2026-12-01T00:00:00.000Z',
  expires_at: null,
  ...over,
});

afterEach(() => vi.useRealTimers());

describe('NoticeService', () => {
  it('judges expiry by the platform clock, not the device clock', () => {
    const device = Date.parse('2026-12-05T00:00:00Z');
    const list = [a('1', { expires_at: '2026-12-06T00:00:00.000Z' })];
    const service = (offsetMs: number | null) =>
      new NoticeService({
        announcements: () => list,
        onAnnouncementsChanged: () => () => {},
        clockOffsetMs: () => offsetMs,
        now: () => device,
      });
    expect(
      service(null)
        .list()
        .notices.map((n) => n.id),
    ).toEqual(['1']);
    // The device clock is two days slow: the platform says the notice has expired.
    expect(service(2 * 86_400_000).list().notices).toEqual([]);
  });

  it('maps to the screen view: urgent flag, category or null', () => {
    const s = new NoticeService({
      announcements: () => [a('1', { priority: 'important', category: '防汛' }), a('2')],
      onAnnouncementsChanged: () => () => {},
      clockOffsetMs: () => null,
      now: () => Date.parse('2026-12-05T00:00:00Z'),
    });
    expect(s.list().notices).toEqual([
      {
        id: '1',
        title: '通知1',
        body: '正文',
        category: '防汛',
        urgent: true,
        publishedAt: '2026-12-01T00:00:00.000Z',
      },
      { id: '2', title: '通知2', body: '正文', category: null, urgent: false, publishedAt: '2026-12-01T00:00:00.000Z' },
    ]);
  });

  it('tells listeners when a sync changed the notices and when one expires', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-05T00:00:00Z') });
    let list = [a('1', { expires_at: '2026-12-05T00:01:00.000Z' })];
    let changed: (() => void) | null = null;
    const s = new NoticeService({
      announcements: () => list,
      onAnnouncementsChanged: (cb) => {
        changed = cb;
        return () => (changed = null);
      },
      clockOffsetMs: () => 0,
    });
    const heard: string[][] = [];
    const stop = s.onChange((v) => heard.push(v.notices.map((n) => n.id)));
    list = [...list, a('2')];
    changed!();
    expect(heard).toEqual([['1', '2']]);
    vi.advanceTimersByTime(59_000);
    expect(heard).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(heard).toEqual([['1', '2'], ['2']]);
    stop();
    expect(changed).toBeNull();
  });
});
