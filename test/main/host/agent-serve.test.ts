import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCard } from '../../../drivers/sim/sample-cards';
import type { ApiResult } from '../../../main/contract';
import type { Caller } from '../../../main/host/dispatcher';
import { DEMO_AGENTS, demoAgentRecords } from '../../../main/host/demo-agents';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;
const screen: Caller = { connectionId: 'agent-screen' };

const call = async <T = unknown>(method: string, args: unknown = {}, caller = screen) =>
  (await host.dispatch(method, args, caller)) as ApiResult<T>;

/** A finger signature as the screen sends it: a PNG with a stroke. */
function signaturePng(): string {
  const png = new PNG({ width: 300, height: 120 });
  png.data.fill(255);
  for (let x = 20; x < 280; x++) {
    const y = 60 + Math.round(25 * Math.sin(x / 18));
    const i = (y * 300 + x) * 4;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
  }
  return PNG.sync.write(png).toString('base64');
}

/** A camera frame as the screen sends it (JPEG); `shade` makes each photo different. */
function photoJpeg(shade: number): string {
  const width = 160;
  const height = 120;
  const data = Buffer.alloc(width * height * 4, shade);
  return Buffer.from(jpeg.encode({ data, width, height }, 70).data).toString('base64');
}

/** The same ID number with its check character changed: a typo GB 11643 catches. */
function withWrongCheck(id: string): string {
  return id.slice(0, 17) + (id.at(-1) === '0' ? '1' : '0');
}

const proxyValues = {
  applicant_name: '李示范',
  applicant_id_number: sampleCard('resident-long-term').idNumber,
  household_address: '湖南省长沙县示例镇样板村三组18号',
  residence_status: 'home',
  photo_taken: true,
};

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  const [code] = await admin.issueEnrolmentCodes({ count: 1 });
  await call('tech.unlock', { pin: '000000' });
  const r = await call<{ deviceId: string }>('tech.enrol', {
    platform: platform.url,
    code: code!,
    regionCode: '430121100202',
    stationName: '样板村便民服务站',
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  await admin.publishAgents(demoAgentRecords(), r.value.deviceId);
  await call('tech.syncNow');
  await call('demo.placeCard', { id: 'agent-liu' });
  const signed = await call('agent.signIn', { pin: DEMO_AGENTS[0].pin });
  if (!signed.ok) throw new Error(JSON.stringify(signed));
}, 60_000);
afterAll(async () => {
  await host?.cleanup();
  await platform?.close();
});

describe('帮办 and 代办 through the host, up to the reference platform', () => {
  it('needs a signed-in agent on this screen', async () => {
    const r = await call(
      'agent.proxySubmit',
      { serviceCode: 'YL-RZ', values: proxyValues, requestId: crypto.randomUUID() },
      { connectionId: 'someone-else' },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'agent_required' } });
  });

  it('帮办: saves with the signature as an encrypted attachment, mode self, 帮办人 on the receipt', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const noSignature = await call('agent.assistSubmit', {
      serviceCode: 'YL-RZ',
      values: { residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
      signaturePngBase64: photoJpeg(10),
    });
    expect(noSignature).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const saved = await call<{ txId: string; localNumber: string }>('agent.assistSubmit', {
      serviceCode: 'YL-RZ',
      values: { residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
      signaturePngBase64: signaturePng(),
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    const receipt = host.devices.demo.lastReceipt()!;
    expect(JSON.parse(receipt.transcript)).toMatchObject({
      agentName: '刘*办',
      agentId: 'A001',
      agentRole: 'assist',
      maskedName: '李*范',
    });
    const blob = host.db.prepare('SELECT data_sealed FROM sync_blobs').all() as { data_sealed: Buffer }[];
    expect(blob).toHaveLength(1);
    // Sealed at rest: the PNG signature bytes are not in the stored cell.
    expect(Buffer.from(blob[0]!.data_sealed).includes(Buffer.from('IHDR'))).toBe(false);

    await call('tech.syncNow');
    await call('tech.syncNow');
    const [tx] = await admin.listTransactions({ tx_id: saved.value.txId, include_payload: true });
    const payload = (tx as unknown as { payload: Record<string, unknown> }).payload;
    expect(payload).toMatchObject({ mode: 'self', agent: { id: 'A001', role: 'assist' } });
    const sha = (payload.attachments_by_purpose as Record<string, string>).consent_signature!;
    expect(await admin.blob(sha)).toMatchObject({ complete: true, mime: 'image/png' });
  });

  it('refusing consent is audited and saves nothing', async () => {
    const before = (host.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
    expect(await call('agent.consentRefused', { serviceCode: 'YL-RZ' })).toEqual({
      ok: true,
      value: { discarded: true },
    });
    expect((host.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(before);
  });

  it('代办: refuses a service without proxy_allowed, a wrong ID number, missing photos; saves with both photos', async () => {
    await call('demo.removeCard');
    await call('session.end');
    const hj = await call('agent.proxySubmit', {
      serviceCode: 'HJ-ZM',
      values: {},
      requestId: crypto.randomUUID(),
    });
    expect(hj).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await call('agent.stagePhoto', { purpose: 'authorisation', jpegBase64: photoJpeg(200) })).toMatchObject({
      ok: true,
      value: { staged: ['authorisation'] },
    });
    expect(await call('agent.stagePhoto', { purpose: 'id_card', jpegBase64: photoJpeg(120) })).toMatchObject({
      ok: true,
      value: { staged: ['authorisation', 'id_card'] },
    });
    const notAllowed = await call('agent.proxySubmit', {
      serviceCode: 'HJ-ZM',
      values: {},
      requestId: crypto.randomUUID(),
    });
    expect(notAllowed).toMatchObject({ ok: false, error: { code: 'proxy_not_allowed' } });
    const typo = await call('agent.proxySubmit', {
      serviceCode: 'YL-RZ',
      values: { ...proxyValues, applicant_id_number: withWrongCheck(proxyValues.applicant_id_number) },
      requestId: crypto.randomUUID(),
    });
    expect(typo).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', fields: { applicant_id_number: expect.any(String) } },
    });

    const saved = await call<{ txId: string }>('agent.proxySubmit', {
      serviceCode: 'YL-RZ',
      values: proxyValues,
      requestId: crypto.randomUUID(),
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    expect(JSON.parse(host.devices.demo.lastReceipt()!.transcript)).toMatchObject({
      agentRole: 'proxy',
      agentId: 'A001',
      maskedName: '李*范',
    });
    await call('tech.syncNow');
    await call('tech.syncNow');
    const [tx] = await admin.listTransactions({ tx_id: saved.value.txId, include_payload: true });
    const t = tx as unknown as { status: string; payload: Record<string, unknown>; attachments: unknown[] };
    expect(t.payload).toMatchObject({ mode: 'proxy', agent: { id: 'A001', role: 'proxy' } });
    expect(t.attachments).toHaveLength(2);
  });

  it('audits consent, each submit on behalf and nothing personal', async () => {
    const rows = host.db
      .prepare(
        "SELECT actor_id, action, object, result FROM audit_log WHERE action LIKE 'agent.%' ORDER BY entry_index",
      )
      .all() as { action: string; result: string }[];
    const seen = rows.map((r) => `${r.action}:${r.result}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'agent.consent:given',
        'agent.consent:refused',
        'agent.submit_on_behalf:assist',
        'agent.submit_on_behalf:proxy',
        'agent.submit_on_behalf:proxy_not_allowed',
      ]),
    );
    const text = JSON.stringify(rows);
    for (const s of ['李示范', proxyValues.applicant_id_number, '刘帮办']) expect(text).not.toContain(s);
  });

  it('the audit chain with the agent entries verifies on the terminal and the platform applies its blocks', async () => {
    expect(host.audit.verify().broken).toBeNull();
    host.audit.sealBlock();
    await call('tech.syncNow');
    const blocks = host.db.prepare("SELECT state, code FROM sync_outbox WHERE kind = 'audit'").all() as {
      state: string;
      code: string | null;
    }[];
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.every((b) => b.state === 'acked')).toBe(true);
    const [device] = await admin.listDevices();
    expect(device!.flags).toEqual([]);
  });
});
