import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentView, SessionView } from '../../../main/contract/views';
import { createAgentController } from '../../../renderer/agent/controller';
import { zhCN } from '../../../renderer/i18n/zh-CN';
import { fakeApi, ok } from '../fake-api';

const view: AgentView = {
  agentId: 'A001',
  maskedName: '刘*办',
  roles: ['agent'],
  stationName: '样板村便民服务站',
  regionCode: '430121100202',
  signedInAt: '2026-12-05T00:00:00.000Z',
  idleLockSec: 180,
};
const villager: SessionView = {
  sessionId: 's1',
  maskedName: '李*范',
  maskedIdNumber: '4301**********0017',
  honorific: '先生',
  cardType: '居民身份证',
  warnings: [],
};

function agentApi(
  answer: (
    pin: string,
  ) =>
    | ReturnType<typeof ok<AgentView>>
    | { ok: false; error: { code: 'unauthorized' | 'locked' | 'agent_inactive'; message: string } },
) {
  return fakeApi({
    'agent.signIn': (a) => answer((a as { pin: string }).pin),
    'agent.signOut': () => ok({ signedOut: true }),
    'agent.current': () => ok(view),
    'session.end': () => ok({ ended: true }),
  });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('agent controller', () => {
  it('signs in with six digits or more and opens the menu', async () => {
    const f = agentApi((pin) =>
      pin === '135790' ? ok(view) : { ok: false, error: { code: 'unauthorized', message: 'x' } },
    );
    const a = createAgentController(f.api);
    a.start();
    a.open();
    f.emit('session.changed', villager);
    expect(a.state.cardRead.value).toBe(true);
    a.typePin('13579');
    await a.signIn();
    expect(f.calls.filter((c) => c.method === 'agent.signIn')).toHaveLength(0);
    a.typePin('135791');
    await a.signIn();
    expect(a.state.error.value).toBe(zhCN.agent.pinWrong);
    expect(a.state.pin.value).toBe('');
    a.typePin('135790');
    await a.signIn();
    expect(a.state.place.value).toBe('menu');
    expect(a.state.agent.value).toEqual(view);
  });

  it('shows the host’s words for a lock (how long to wait) and the catalogue’s for the rest', async () => {
    const f = agentApi((pin) =>
      pin === '111111'
        ? { ok: false, error: { code: 'locked', message: '密码错误次数过多，请5分钟后再试' } }
        : { ok: false, error: { code: 'agent_inactive', message: 'x' } },
    );
    const a = createAgentController(f.api);
    a.open();
    a.typePin('111111');
    await a.signIn();
    expect(a.state.error.value).toBe('密码错误次数过多，请5分钟后再试');
    a.typePin('222222');
    await a.signIn();
    expect(a.state.error.value).toBe(zhCN.errors.agent_inactive);
  });

  it('locks after 3 minutes without a touch: signs out on the host, clears plugged screens, tells the villager side', async () => {
    const f = agentApi(() => ok(view));
    const closed = vi.fn();
    const a = createAgentController(f.api, { onClosed: closed });
    const cleared = vi.fn();
    a.onClear(cleared);
    a.start();
    a.open();
    a.typePin('135790');
    await a.signIn();
    a.go('assist');
    await vi.advanceTimersByTimeAsync(150_000);
    expect(a.state.countdown.value).toBe(30);
    a.activity(); // a touch puts it off
    expect(a.state.countdown.value).toBeNull();
    await vi.advanceTimersByTimeAsync(181_000);
    expect(a.state.place.value).toBe('closed');
    expect(a.state.agent.value).toBeNull();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(cleared).toHaveBeenCalled();
    expect(f.calls.find((c) => c.method === 'agent.signOut')?.args).toEqual({ reason: 'idle' });
  });

  it('a sign-out by the host (another screen, its own idle limit) locks this screen too', async () => {
    const f = agentApi(() => ok(view));
    const a = createAgentController(f.api);
    a.start();
    a.open();
    a.typePin('135790');
    await a.signIn();
    f.emit('agent.changed', null);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.state.place.value).toBe('closed');
  });

  it('passes the villager’s card to the plugged screens only while signed in', async () => {
    const f = agentApi(() => ok(view));
    const a = createAgentController(f.api);
    const seen: (SessionView | null)[] = [];
    a.onVillagerCard((v) => seen.push(v));
    a.start();
    a.open();
    f.emit('session.changed', villager); // the agent's own card on the sign-in screen
    a.typePin('135790');
    await a.signIn();
    f.emit('session.changed', villager);
    expect(seen).toEqual([villager]);
  });
});
