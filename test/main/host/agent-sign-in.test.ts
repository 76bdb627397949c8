import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import { sampleCard } from '../../../drivers/sim/sample-cards';
import type { Caller } from '../../../main/host/dispatcher';
import { DEMO_AGENTS, demoAgentRecords } from '../../../main/host/demo-agents';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;
let deviceId: string;
const REGION = '430121100202';
const screen: Caller = { connectionId: 'screen-1' };
const other: Caller = { connectionId: 'screen-2' };

const call = async <T = unknown>(method: string, args: unknown = {}, caller = screen) =>
  (await host.dispatch(method, args, caller)) as ApiResult<T>;

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  const [code] = await admin.issueEnrolmentCodes({ count: 1 });
  await call('tech.unlock', { pin: '000000' });
  const r = await call<{ deviceId: string }>('tech.enrol', {
    platform: platform.url,
    code: code!,
    regionCode: REGION,
    stationName: '样板村便民服务站',
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  deviceId = r.value.deviceId;
  await admin.publishAgents(
    [
      ...demoAgentRecords(),
      // A villager's card registered as a deactivated agent, and an agent of another station.
      {
        id: 'A009',
        name: '王测试',
        id_number: sampleCard('resident-twenty-years').idNumber,
        pin: '111111',
        active: false,
      },
      {
        id: 'B001',
        name: '李示范',
        id_number: sampleCard('resident-long-term').idNumber,
        pin: '222222',
        station_region: '430121100999',
      },
    ],
    deviceId,
  );
  await call('tech.syncNow');
}, 60_000);
afterAll(async () => {
  await host?.cleanup();
  await platform?.close();
});

const signIn = async (cardId: string, pin: string, caller = screen) => {
  await call('demo.placeCard', { id: cardId }, caller);
  return call<{ agentId: string; maskedName: string }>('agent.signIn', { pin }, caller);
};

describe('agent sign-in against the agents dataset from the reference platform', () => {
  it('the admin API lists agents without any hash or ID number', async () => {
    const { agents } = await admin.listAgents();
    expect(agents.map((a) => a.id).sort()).toEqual(['A001', 'A002', 'A009', 'B001']);
    const text = JSON.stringify(agents);
    expect(text).not.toMatch(/hash|salt|\d{17}[\dX]/);
    expect(agents.find((a) => a.id === 'A001')).toMatchObject({ pin_set: true, device_id: deviceId, active: true });
  });

  it('signs a demo agent in, tells the screen, and keeps it to the screen that signed in', async () => {
    const events: unknown[] = [];
    const off = host.bus.subscribeAll((topic, v) => {
      if (topic === 'agent.changed') events.push(v);
    });
    const r = await signIn('agent-liu', DEMO_AGENTS[0].pin);
    expect(r).toMatchObject({ ok: true, value: { agentId: 'A001', maskedName: '刘*办' } });
    expect(await call('session.current')).toEqual({ ok: true, value: null });
    expect(await call('agent.current')).toMatchObject({ ok: true, value: { agentId: 'A001' } });
    expect(await call('agent.current', {}, other)).toEqual({ ok: true, value: null });
    expect(await call('agent.signOut', {})).toEqual({ ok: true, value: { signedOut: true } });
    expect(events).toMatchObject([{ agentId: 'A001' }, null]);
    off();
  });

  it('refuses a villager card, an inactive agent and another station’s agent in plain Chinese', async () => {
    await call('demo.placeCard', { id: 'resident-rare-character' });
    expect(await call('agent.signIn', { pin: '135790' })).toMatchObject({
      ok: false,
      error: { code: 'agent_unknown' },
    });
    expect(await signIn('resident-twenty-years', '111111')).toMatchObject({
      ok: false,
      error: { code: 'agent_inactive', message: expect.stringContaining('已停用') },
    });
    expect(await signIn('resident-long-term', '222222')).toMatchObject({
      ok: false,
      error: { code: 'agent_other_station', message: expect.stringContaining('其他站点') },
    });
  });

  it('a deactivation on the platform reaches the terminal with the next sync', async () => {
    expect(await signIn('agent-zhou', DEMO_AGENTS[1].pin)).toMatchObject({ ok: true });
    await call('agent.signOut', {});
    await admin.setAgentActive('A002', false);
    await call('tech.syncNow');
    expect(await signIn('agent-zhou', DEMO_AGENTS[1].pin)).toMatchObject({
      ok: false,
      error: { code: 'agent_inactive' },
    });
    await admin.setAgentActive('A002', true);
    await call('tech.syncNow');
    expect(await signIn('agent-zhou', DEMO_AGENTS[1].pin)).toMatchObject({ ok: true });
    await call('agent.signOut', {});
  });

  it('audits sign-in, failures and sign-out with agent ids only', async () => {
    const rows = host.db
      .prepare("SELECT actor_id, action, object, result FROM audit_log WHERE action LIKE 'agent.%'")
      .all() as {
      actor_id: string;
      action: string;
      result: string;
    }[];
    expect(rows.map((r) => `${r.action}:${r.result}`)).toEqual(
      expect.arrayContaining(['agent.sign_in:ok', 'agent.sign_out:signed_out', 'agent.sign_in:agent_inactive']),
    );
    const text = JSON.stringify(rows);
    for (const name of ['刘帮办', '周代办', sampleCard('agent-liu').idNumber]) expect(text).not.toContain(name);
  });

  it('a disconnected screen signs its agent out', async () => {
    expect(await signIn('agent-liu', DEMO_AGENTS[0].pin, other)).toMatchObject({ ok: true });
    host.dispatch.disconnected?.('screen-2');
    expect(await call('agent.current', {}, other)).toEqual({ ok: true, value: null });
  });
});
