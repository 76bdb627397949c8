import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NoticeView } from '../../../main/contract/views';
import { createVillagerController } from '../../../renderer/villager/controller';
import { NOTICES_PER_PAGE } from '../../../renderer/villager/notice-board';
import type { VoiceGuide } from '../../../renderer/voice/voice-guide';
import { fakeApi, ok, stationInfo } from '../fake-api';

const notice = (id: string, over: Partial<NoticeView> = {}): NoticeView => ({
  id,
  title: `通知${id}`,
  body: '请大家相互转告。',
  category: null,
  urgent: false,
  publishedAt: '2026-12-01T08:00:00.000Z',
  ...over,
});

function setUp(initial: NoticeView[]) {
  const said: string[] = [];
  const voice: VoiceGuide = {
    muted: false,
    available: true,
    say: (t) => said.push(t),
    repeat: () => undefined,
    setMuted: () => undefined,
    stop: () => undefined,
  };
  const fake = fakeApi({
    'system.info': () => stationInfo(),
    'session.current': () => ok(null),
    'notices.list': () => ok({ notices: initial }),
  });
  return { c: createVillagerController(fake.api, voice), emit: fake.emit, said };
}

describe('政务公开 on the villager screens', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pages the list with 上一页/下一页 and never past either end', async () => {
    const { c } = setUp(Array.from({ length: NOTICES_PER_PAGE + 1 }, (_, i) => notice(String(i))));
    await c.start();
    c.openNotices();
    expect(c.state.screen.value.name).toBe('notices');
    const page = () => c.notices.state.listPage.value;
    expect(page()).toMatchObject({ index: 0, count: 2 });
    expect(page().items).toHaveLength(NOTICES_PER_PAGE);
    c.notices.turnList(-1);
    expect(page().index).toBe(0);
    c.notices.turnList(1);
    c.notices.turnList(1);
    expect(page()).toMatchObject({ index: 1, items: [expect.objectContaining({ id: String(NOTICES_PER_PAGE) })] });
  });

  it('follows notices.changed: an urgent notice raises the banner, its withdrawal clears it', async () => {
    const { c, emit } = setUp([notice('a')]);
    await c.start();
    expect(c.notices.state.urgent.value).toBeNull();
    emit('notices.changed', { notices: [notice('flood', { urgent: true, title: '防汛紧急通知' }), notice('a')] });
    expect(c.notices.state.urgent.value?.title).toBe('防汛紧急通知');
    c.openNotices('flood');
    expect(c.state.screen.value.name).toBe('notice');
    expect(c.notices.state.open.value?.id).toBe('flood');
    emit('notices.changed', { notices: [notice('a')] });
    expect(c.notices.state.urgent.value).toBeNull();
    // The open notice was withdrawn: the screen says so instead of showing stale text.
    expect(c.notices.state.open.value).toBeNull();
  });

  it('reads the open notice aloud on request: title and date first, then the page on screen', async () => {
    const { c, said } = setUp([notice('a', { title: '停水通知', body: '明天上午停水。' })]);
    await c.start();
    c.openNotice('a');
    said.length = 0;
    c.notices.readAloud();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^停水通知。发布时间：.*明天上午停水。$/);
  });

  it('keeps the notices screen when a card is taken away (public text, no session)', async () => {
    const { c, emit } = setUp([notice('a')]);
    await c.start();
    c.openNotices();
    emit('session.changed', null);
    expect(c.state.screen.value.name).toBe('notices');
  });
});
