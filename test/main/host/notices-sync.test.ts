import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { NoticesView } from '../../../main/contract/views';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { enrolTempHost, startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;
const heard: NoticesView[] = [];

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;
const titles = async () => {
  const r = await call<NoticesView>('notices.list');
  if (!r.ok) throw new Error(r.error.code);
  return r.value.notices.map((n) => n.title);
};

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  host.bus.subscribeAll((topic, payload) => {
    if (topic === 'notices.changed') heard.push(payload as NoticesView);
  });
  await enrolTempHost(host, platform);
});
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

describe('政务公开 notices from the reference platform', () => {
  it('a published notice reaches the station on the next sync, with an event for the screen', async () => {
    expect(await titles()).toEqual([]);
    await admin.publishAnnouncement({
      id: 'n-water',
      title: '停水通知',
      body: '12月8日上午9点到12点停水，请提前储水。',
    });
    await admin.publishAnnouncement({
      id: 'n-flood',
      title: '防汛紧急通知',
      body: '今晚有大到暴雨，低洼地带住户请转移到村委会。',
      priority: 'important',
      category: '防汛',
    });
    heard.length = 0;
    expect(await call('tech.syncNow')).toMatchObject({ ok: true, value: { ok: true } });
    expect(await titles()).toEqual(['防汛紧急通知', '停水通知']);
    expect(heard.at(-1)?.notices.map((n) => [n.title, n.urgent, n.category])).toEqual([
      ['防汛紧急通知', true, '防汛'],
      ['停水通知', false, null],
    ]);
  });

  it('a withdrawn notice disappears on the next sync', async () => {
    await admin.withdrawAnnouncement('n-flood');
    await call('tech.syncNow');
    expect(await titles()).toEqual(['停水通知']);
  });

  it('an expired notice disappears by the platform clock without another sync', async () => {
    const expires = new Date(Date.now() + 1_500).toISOString();
    await admin.publishAnnouncement({
      id: 'n-short',
      title: '今天下午开会',
      body: '下午三点在村委会开会。',
      expires_at: expires,
    });
    await call('tech.syncNow');
    expect(await titles()).toContain('今天下午开会');
    heard.length = 0;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await titles()).toEqual(['停水通知']);
    expect(heard.at(-1)?.notices.map((n) => n.title)).toEqual(['停水通知']);
  });

  it('is readable offline: the notices stay after the platform is gone', async () => {
    await platform.close();
    expect(await titles()).toEqual(['停水通知']);
  });
});
