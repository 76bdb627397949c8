import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../main/contract/views';
import { createRecords } from '../../../renderer/villager/records-controller';
import { createSilentVoiceGuide } from '../../../renderer/voice/voice-guide';
import { fakeApi, ok } from '../fake-api';

const session: SessionView = {
  sessionId: 's1',
  maskedName: '王*华',
  maskedIdNumber: '4301**********0018',
  honorific: '女士',
  cardType: '居民身份证',
  warnings: [],
};
const NUMBER = '1234-5678-9012';
const reasons = [
  { code: 'slow', label: '办理时间太长' },
  { code: 'attitude', label: '服务态度不好' },
];

function setUp(rated: { level: number; reasons: string[] } | null = null) {
  const saved: unknown[] = [];
  const { api, calls, emit } = fakeApi({
    'evaluation.get': () => ok({ rating: rated ? { ...rated, ratedAt: '2026-12-01T08:00:00.000Z' } : null }),
    'evaluation.reasons': () => ok({ reasons }),
    'evaluation.submit': (args) => {
      saved.push(args);
      const a = args as { level: number; reasons: string[] };
      return ok({
        rating: { level: a.level, reasons: a.reasons, ratedAt: '2026-12-01T08:00:00.000Z' },
        alreadyRated: false,
      });
    },
  });
  const nav: string[] = [];
  const s = signal<SessionView | null>(session);
  const records = createRecords({
    api,
    voice: createSilentVoiceGuide(),
    session: s,
    notice: signal(null),
    activity: () => nav.push('activity'),
    stopDoneTimer: () => nav.push('stopDone'),
    showReasons: () => nav.push('reasons'),
    showMyApplications: () => nav.push('myApps'),
    returnFromReasons: () => nav.push('back'),
  });
  return { records, saved, calls, emit, nav, session: s };
}

describe('好差评 on the screen', () => {
  it('saves a high rating with one tap and stops the done countdown', async () => {
    const t = setUp();
    await t.records.loadRating(NUMBER);
    await t.records.rate(4);
    expect(t.saved).toEqual([{ localNumber: NUMBER, level: 4, reasons: [] }]);
    expect(t.records.state.rating.value).toMatchObject({ saved: { level: 4 }, justNow: true });
    expect(t.nav).toContain('stopDone');
    await t.records.rate(1);
    expect(t.saved).toHaveLength(1);
  });

  it('asks a low rating why, and saves only with a reason', async () => {
    const t = setUp();
    await t.records.loadRating(NUMBER);
    await t.records.rate(2);
    expect(t.saved).toEqual([]);
    expect(t.nav).toContain('reasons');
    await t.records.submitReasons();
    expect(t.saved).toEqual([]);
    t.records.toggleReason('slow');
    t.records.toggleReason('attitude');
    t.records.toggleReason('attitude');
    await t.records.submitReasons();
    expect(t.saved).toEqual([{ localNumber: NUMBER, level: 2, reasons: ['slow'] }]);
    expect(t.nav.at(-1)).toBe('back');
  });

  it('skipping the reasons saves nothing and asks nothing again', async () => {
    const t = setUp();
    await t.records.loadRating(NUMBER);
    await t.records.rate(1);
    t.records.skipReasons();
    expect(t.saved).toEqual([]);
    expect(t.records.state.reasonStep.value).toBeNull();
    expect(t.nav.at(-1)).toBe('back');
  });

  it('shows the first rating instead of the faces when there is one', async () => {
    const t = setUp({ level: 5, reasons: [] });
    await t.records.loadRating(NUMBER);
    expect(t.records.state.rating.value).toMatchObject({ saved: { level: 5 }, justNow: false });
    await t.records.rate(1);
    expect(t.saved).toEqual([]);
  });
});

describe('progress pushed', () => {
  it('is shown only while a card is read, and cleared with the personal data', () => {
    const t = setUp();
    const p = { localNumber: NUMBER, serviceName: '高龄津贴申请', status: 'completed' as const };
    t.records.onPushed(p);
    expect(t.records.state.pushed.value).toEqual(p);
    t.records.clear();
    expect(t.records.state.pushed.value).toBeNull();
    t.session.value = null;
    t.records.onPushed(p);
    expect(t.records.state.pushed.value).toBeNull();
  });
});
