import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { FakeReceiptPrinter } from '../../../drivers/printer/fake';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { runTerminalSyncCli } from '../../../main/host/cli/sync';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
});
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;

describe('the terminal with the reference platform', () => {
  it('keeps the technician screen locked without the PIN', async () => {
    expect(await call('tech.status')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await call('tech.unlock', { pin: '123456' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(
      await call('tech.enrol', {
        platform: platform.url,
        code: 'XXXX-0000',
        regionCode: '430121100201',
        stationName: '样板村',
      }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('enrols with a one-time code; a used code is refused in plain Chinese', async () => {
    const [code] = await admin.issueEnrolmentCodes({ count: 1 });
    expect(await call('tech.unlock', { pin: '000000' })).toEqual({ ok: true, value: { unlocked: true } });
    // A code pinning another platform key (protocol 1.1) is refused before anything is stored.
    const [pinnedCode] = await admin.issueEnrolmentCodes({ count: 1 });
    const wrongPin = await call('tech.enrol', {
      platform: platform.url,
      code: pinnedCode!,
      regionCode: '430121100202',
      stationName: '样板村便民服务站',
      platformKeySha256: 'ab'.repeat(32),
    });
    expect(wrongPin).toMatchObject({
      ok: false,
      error: { code: 'enrolment_failed', message: expect.stringContaining('平台公钥') },
    });
    expect(await call('tech.status')).toMatchObject({ ok: true, value: { enrolled: false } });
    const r = await call<{ deviceId: string }>('tech.enrol', {
      platform: platform.url,
      code: code!,
      regionCode: '430121100202',
      stationName: '样板村便民服务站',
    });
    expect(r.ok).toBe(true);
    const again = await call('tech.enrol', {
      platform: platform.url,
      code: code!,
      regionCode: '430121100202',
      stationName: '样板村便民服务站',
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'enrolment_failed', message: expect.stringMatching(/[\u4e00-\u9fa5]/) },
    });
    const status = await call<{ enrolled: boolean; platform: string; stationName: string }>('tech.status');
    expect(status).toMatchObject({
      ok: true,
      value: { enrolled: true, platform: platform.url, stationName: '样板村便民服务站' },
    });
  });

  it('delivers a saved application exactly once with the same payload hash, and flows progress back', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const saved = await call<{ txId: string; localNumber: string }>('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone: '13800001234', residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    expect(saved.value.localNumber).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    const sync1 = await call<{ ok: boolean; acked: number }>('tech.syncNow');
    // A health item (30 s after a device change) may ride along on a slow machine; the application must be acked.
    expect(sync1).toMatchObject({ ok: true, value: { ok: true, acked: expect.any(Number) } });
    expect(sync1.ok && sync1.value.acked).toBeGreaterThanOrEqual(1);
    expect(host.db.prepare('SELECT state FROM sync_outbox WHERE tx_id = ?').get(saved.value.txId)).toEqual({
      state: 'acked',
    });

    const onPlatform = await admin.listTransactions({ tx_id: saved.value.txId });
    expect(onPlatform).toHaveLength(1);
    const local = host.db.prepare('SELECT payload_sha256 FROM sync_outbox WHERE tx_id = ?').get(saved.value.txId) as {
      payload_sha256: string;
    };
    expect(onPlatform[0]!.payload_sha256).toBe(local.payload_sha256);

    const accepted = await call<{ status: string; platformNumber: string }>('tx.progress', {
      localNumber: saved.value.localNumber,
    });
    expect(accepted).toMatchObject({
      ok: true,
      value: { status: 'accepted', platformNumber: onPlatform[0]!.server_ref },
    });

    await admin.setTransactionStatus(onPlatform[0]!.server_ref, 'completed', '已办结，请到村委会领取');
    expect(await call('tech.syncNow')).toMatchObject({ ok: true, value: { ok: true } });
    expect(await call('tx.progress', { localNumber: saved.value.localNumber })).toMatchObject({
      ok: true,
      value: { status: 'completed', note: '已办结，请到村委会领取' },
    });

    expect(await call('tx.reprint', { localNumber: saved.value.localNumber })).toEqual({
      ok: true,
      value: { printed: true },
    });
    const reprint = (host.devices.printer as FakeReceiptPrinter).printed.at(-1)!;
    expect(reprint).toMatchObject({ reprint: true, platformNumber: onPlatform[0]!.server_ref, clockTrusted: true });
    expect(await call('tech.syncNow')).toMatchObject({ ok: true });
    expect(await admin.listTransactions({ tx_id: saved.value.txId })).toHaveLength(1);
  });

  it('shows a rejected application to the technician with the platform reason, and the queue moves on', async () => {
    // The platform withdraws the service after the villager applied offline.
    await call('demo.placeCard', { id: 'resident-twenty-years' });
    const saved = await call<{ txId: string; localNumber: string }>('tx.submit', {
      serviceCode: 'HJ-ZM',
      values: { purpose: 'kinship', copies: '1' },
      requestId: crypto.randomUUID(),
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    const seed = JSON.parse(readFileSync(new URL('../../../seed/catalog.json', import.meta.url), 'utf8')) as {
      services: { code: string; active: boolean; version: number }[];
    };
    for (const s of seed.services) if (s.code === 'HJ-ZM') Object.assign(s, { active: false, version: s.version + 1 });
    await admin.seedCatalog(seed as never);
    await call('tech.syncNow');
    const status = await call<{ rejected: { localNumber: string; code: string }[] }>('tech.status');
    expect(status.ok && status.value.rejected).toEqual([
      expect.objectContaining({ localNumber: saved.value.localNumber }),
    ]);
    expect(await call('tx.progress', { localNumber: saved.value.localNumber })).toMatchObject({
      ok: true,
      value: { status: 'rejected' },
    });
    // The synced catalogue replaces the shipped one: the withdrawn service is no longer offered.
    const list = await call<{ services: { code: string }[] }>('catalog.list');
    expect(list.ok && list.value.services.map((s) => s.code)).not.toContain('HJ-ZM');
    expect(list.ok && list.value.services.length).toBeGreaterThanOrEqual(6);
  });

  it('answers the technician CLI from the same store', async () => {
    const lines: string[] = [];
    const code = await runTerminalSyncCli(
      ['queue'],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
      { CUNZHAN_DATA_DIR: host.dir },
    );
    expect(code).toBe(0);
    const acked = (
      host.db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE state = 'acked'").get() as { n: number }
    ).n;
    expect(acked).toBeGreaterThanOrEqual(1);
    expect(lines.join('\n')).toMatch(new RegExp(`acked ${acked}\\b`));
    const pin: string[] = [];
    expect(await runTerminalSyncCli(['tech-pin', '246802'], { out: (l) => pin.push(l), err: (l) => pin.push(l) })).toBe(
      0,
    );
    expect(pin.at(-1)).toMatch(/^scrypt\$/);
  });

  it('delivers the audit chain (enrolment, reprint) as blocks the platform verifies, without flagging the station', async () => {
    const saved = host.db.prepare('SELECT local_number FROM transactions LIMIT 1').get() as { local_number: string };
    expect((await call('tx.reprint', { localNumber: saved.local_number })).ok).toBe(true);
    expect(host.audit.entries().map((e) => e.action)).toEqual(
      expect.arrayContaining(['enrolment', 'config.change', 'receipt.reprint']),
    );
    const first = host.audit.sealBlock();
    host.audit.record({
      actor: { role: 'technician', id: 'technician' },
      action: 'technician.lock',
      object: 'console',
      result: 'ok',
    });
    const second = host.audit.sealBlock();
    expect(second).toMatchObject({ fromIndex: first!.toIndex + 1 });
    const sync = await call<{ ok: boolean; acked: number }>('tech.syncNow');
    expect(sync).toMatchObject({ ok: true, value: { ok: true } });
    // Both blocks (and possibly a health item that came due) went up in this sync.
    expect(sync.ok && sync.value.acked).toBeGreaterThanOrEqual(2);
    const deviceId = ((await call<{ deviceId: string }>('tech.status')) as { ok: true; value: { deviceId: string } })
      .value.deviceId;
    const onPlatform = (await admin.listTransactions({ device_id: deviceId })).filter((t) => t.kind === 'audit');
    expect(onPlatform.map((t) => [t.tx_id, t.server_ref.slice(0, 2)])).toEqual([
      [first!.txId, 'SJ'],
      [second!.txId, 'SJ'],
    ]);
    expect((await admin.listDevices()).find((d) => d.device_id === deviceId)!.flags).toEqual([]);
  });
});
