// The terminal's client against the reference platform, both at protocol 1.1, through a proxy that
// can replay an old signed answer: a response must be bound to the one request it answers and be
// fresh against the platform time the terminal estimates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformClient } from '../../../sync/client/platform-client';
import type { DeviceCredentials } from '../../../sync/client/platform-client';
import { Transport } from '../../../sync/client/transport';
import { loadIdentity } from '../../../sync/enrol/identity';
import type { RunningPlatform } from '../../../sync/platform/server';
import { fastTimings, makeTerminal, startTestPlatform } from '../harness';
import type { Terminal } from '../harness';
import { startReplayProxy } from '../replay-proxy';
import type { ReplayProxy } from '../replay-proxy';

describe('platform client: protocol 1.1 response binding and freshness', () => {
  let platform: RunningPlatform;
  let t: Terminal;
  let proxy: ReplayProxy;
  let creds: DeviceCredentials;
  const transports: Transport[] = [];

  const client = (
    platformNowMs: () => number | null = () => null,
    wallNow: () => number = Date.now,
  ): PlatformClient => {
    const transport = new Transport({ baseUrl: proxy.url, ...fastTimings, deadlineMinBytesPerS: 1000 }, () =>
      performance.now(),
    );
    transports.push(transport);
    return new PlatformClient(transport, creds, wallNow, platformNowMs);
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    t = await makeTerminal(platform);
    const id = loadIdentity(t.db, t.sealer)!;
    creds = { deviceId: id.deviceId, privateKey: id.privateKey, platformPublicKey: id.platformPublicKey };
    proxy = await startReplayProxy(platform.url);
  });
  afterAll(async () => {
    transports.forEach((x) => x.close());
    await proxy.close();
    await t.close();
    await platform.close();
  });

  it("accepts the platform's signed pages in order", async () => {
    proxy.mode = 'pass';
    const c = client();
    const p1 = await c.changes(null, 2);
    expect(p1.ok).toBe(true);
    if (!p1.ok) return;
    expect(p1.value.body.has_more).toBe(true);
    const p2 = await c.changes(p1.value.body.next_cursor, 2);
    expect(p2.ok).toBe(true);
  });

  it('refuses an old signed page replayed for a later cursor, and for a resend of the same request', async () => {
    proxy.mode = 'pass';
    const c = client();
    const p1 = await c.changes(null, 2);
    expect(p1.ok).toBe(true);
    if (!p1.ok) return;
    expect(proxy.recorded?.status).toBe(200);
    proxy.mode = 'replay';
    const later = await c.changes(p1.value.body.next_cursor, 2);
    expect(later).toMatchObject({ ok: false, error: { kind: 'transient', code: 'response_unverifiable' } });
    // The same request signed at another second (Ed25519 is deterministic: within one second it
    // is byte-identical, and so is the right answer) does not take the old answer either.
    const resend = await client(
      () => null,
      () => Date.now() + 2000,
    ).changes(null, 2);
    expect(resend).toMatchObject({ ok: false, error: { kind: 'transient', code: 'response_unverifiable' } });
    // The real platform's answer for that cursor is fine.
    proxy.mode = 'pass';
    expect((await c.changes(p1.value.body.next_cursor, 2)).ok).toBe(true);
  });

  it('refuses an answer whose signature was stripped (a captive portal or proxy)', async () => {
    proxy.mode = 'strip';
    expect(await client().changes(null, 2)).toMatchObject({ ok: false, error: { code: 'response_unverifiable' } });
    proxy.mode = 'pass';
  });

  it('checks created against the estimated platform time: within 300 s passes, beyond is refused, no estimate is not checked', async () => {
    proxy.mode = 'pass';
    expect((await client(() => null).changes(null, 2)).ok).toBe(true);
    expect((await client(() => Date.now() + 200_000).changes(null, 2)).ok).toBe(true);
    expect((await client(() => Date.now() - 200_000).changes(null, 2)).ok).toBe(true);
    const ahead = await client(() => Date.now() + 400_000).changes(null, 2);
    expect(ahead).toMatchObject({ ok: false, error: { kind: 'transient', code: 'response_unverifiable' } });
    if (!ahead.ok) expect(ahead.error.message).toContain('created_stale');
    expect(await client(() => Date.now() - 400_000).changes(null, 2)).toMatchObject({
      ok: false,
      error: { code: 'response_unverifiable' },
    });
  });
});
