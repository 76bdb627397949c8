import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { BundleSubmitResult, FormView, ProgressView } from '../../../main/contract/views';
import type { FakeReceiptPrinter } from '../../../drivers/printer/fake';
import { join } from 'node:path';
import { sealContext } from '../../../main/services/transaction-service';
import { deriveKeys, FieldCipher } from '../../../main/store/field-cipher';
import { FileKeyProvider } from '../../../main/store/key-provider';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { answerFor } from '../../e2e/helpers/apply';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;
const ELDERLY = 'YJS-LNGA';

async function answers(bundleCode: string): Promise<Record<string, string | string[] | boolean>> {
  const form = await call<FormView>('catalog.bundleForm', { bundleCode });
  if (!form.ok) throw new Error(form.error.code);
  return Object.fromEntries(
    form.value.fields
      .filter((f) => f.prefilledDisplay === undefined)
      .map((f) => [f.id, f.id === 'bank_account' ? '6217000012345678' : answerFor(f)]),
  );
}
const rowsOf = (bundleId: string) =>
  host.db.prepare('SELECT * FROM transactions WHERE bundle_id = ? ORDER BY rowid').all(bundleId) as {
    tx_id: string;
    service_code: string;
    local_number: string;
    sealed_record: Buffer;
    bundle_code: string;
  }[];

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  const [code] = await admin.issueEnrolmentCodes({ count: 1 });
  await call('tech.unlock', { pin: '000000' });
  const enrolled = await call('tech.enrol', {
    platform: platform.url,
    code: code!,
    regionCode: '430121100202',
    stationName: '样板村便民服务站',
  });
  expect(enrolled.ok).toBe(true);
  await call('tech.syncNow');
  await call('demo.placeCard', { id: 'resident-long-term' });
});
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

describe('一件事一次办 bundles', () => {
  it('lists the seeded bundles with their member services', async () => {
    const list = await call<{ bundles: { code: string; serviceNames: string[] }[] }>('catalog.list');
    expect(list.ok && list.value.bundles).toEqual([
      expect.objectContaining({
        code: 'YJS-LNGA',
        serviceNames: ['高龄津贴申请', '城乡居民养老保险待遇资格认证', '城乡居民医保参保登记'],
      }),
      expect.objectContaining({ code: 'YJS-KNJZ', serviceNames: ['农村最低生活保障申请', '残疾人两项补贴申请'] }),
    ]);
  });

  it('asks each field once on the combined form, even when several services need it', async () => {
    const form = await call<FormView>('catalog.bundleForm', { bundleCode: ELDERLY });
    if (!form.ok) throw new Error(form.error.code);
    const ids = form.value.fields.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id === 'phone')).toHaveLength(1);
    expect(ids).toEqual(expect.arrayContaining(['bank_account', 'age_band', 'residence_status', 'insured_year']));
    expect(form.value.bundleServices).toHaveLength(3);
    expect(await call('catalog.bundleForm', { bundleCode: 'YJS-NONE' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('rejects wrong values field by field and saves nothing', async () => {
    const before = (host.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
    const values = { ...(await answers(ELDERLY)), phone: '12345', insured_year: '1800' };
    const r = await call('tx.submitBundle', { bundleCode: ELDERLY, values, requestId: crypto.randomUUID() });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', fields: { phone: expect.any(String), insured_year: expect.any(String) } },
    });
    expect((host.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n).toBe(before);
  });

  it('refuses a request id already used by a single application (nothing is overwritten)', async () => {
    const requestId = crypto.randomUUID();
    const single = await call('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone: '13800001234', residence_status: 'home', photo_taken: true },
      requestId,
    });
    expect(single.ok).toBe(true);
    expect(
      await call('tx.submitBundle', { bundleCode: ELDERLY, values: await answers(ELDERLY), requestId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(host.db.prepare('SELECT count(*) AS n FROM transactions WHERE bundle_id IS NOT NULL').get()).toEqual({
      n: 0,
    });
  });

  it('saves every member in one transaction: all or none', async () => {
    // The third member's row fails to write (as a failing disk would): the first two roll back too.
    host.db.exec(`CREATE TEMP TRIGGER third_fails BEFORE INSERT ON transactions
      WHEN (SELECT count(*) FROM transactions WHERE bundle_id = NEW.bundle_id) >= 2
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const before = (host.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
    const r = await call('tx.submitBundle', {
      bundleCode: ELDERLY,
      values: await answers(ELDERLY),
      requestId: crypto.randomUUID(),
    });
    host.db.exec('DROP TRIGGER third_fails');
    expect(r).toMatchObject({ ok: false, error: { code: 'storage_failed' } });
    expect(host.db.prepare('SELECT count(*) AS n FROM transactions WHERE bundle_id IS NOT NULL').get()).toEqual({
      n: 0,
    });
    expect((host.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n).toBe(before);
  });

  it('saves N linked applications with payload.bundle, prints one receipt listing each, and the platform applies each', async () => {
    const printer = host.devices.printer as FakeReceiptPrinter;
    const printedBefore = printer.printed.length;
    const requestId = crypto.randomUUID();
    const values = await answers(ELDERLY);
    const r = await call<BundleSubmitResult>('tx.submitBundle', { bundleCode: ELDERLY, values, requestId });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const members = r.value.bundle.members;
    expect(members.map((m) => m.serviceName)).toEqual([
      '高龄津贴申请',
      '城乡居民养老保险待遇资格认证',
      '城乡居民医保参保登记',
    ]);
    expect(new Set(members.map((m) => m.localNumber)).size).toBe(3);

    // A second tap on 保存 returns the same bundle and writes nothing more.
    expect(await call('tx.submitBundle', { bundleCode: ELDERLY, values, requestId })).toEqual(r);

    const bundleId = (
      host.db.prepare('SELECT bundle_id FROM transactions WHERE tx_id = ?').get(members[0]!.txId) as {
        bundle_id: string;
      }
    ).bundle_id;
    const rows = rowsOf(bundleId);
    expect(rows.map((row) => row.service_code)).toEqual(['GL-JT', 'YL-RZ', 'YB-CB']);
    const txIds = rows.map((row) => row.tx_id);
    const cipher = new FieldCipher(
      deriveKeys(await new FileKeyProvider(join(host.dir, 'keys', 'master.key')).loadOrCreateMasterKey()).dataKey,
    );
    for (const row of rows) {
      const record = cipher.openJson<{ bundle: unknown; fields: Record<string, unknown> }>(
        row.sealed_record,
        sealContext(row.tx_id),
      );
      expect(record.bundle).toEqual({ id: bundleId, code: ELDERLY, members: txIds });
      expect(record.fields.phone).toBe(values.phone);
    }

    expect(printer.printed).toHaveLength(printedBefore + 1);
    const receipt = printer.printed.at(-1)!;
    expect(receipt.serviceName).toBe('老年人关爱一件事');
    for (const m of members) expect(receipt.notes.join('\n')).toContain(`${m.serviceName}\n   编号 ${m.localNumber}`);

    expect(await call('tech.syncNow')).toMatchObject({ ok: true, value: { ok: true } });
    for (const txId of txIds) {
      const [onPlatform] = await admin.listTransactions({ tx_id: txId });
      expect(onPlatform).toMatchObject({ tx_id: txId });
    }
    const progress = await call<ProgressView>('tx.progress', { localNumber: members[1]!.localNumber });
    expect(progress.ok && progress.value.bundle).toEqual({
      name: '老年人关爱一件事',
      members: members.map((m) => ({ serviceName: m.serviceName, localNumber: m.localNumber, status: 'accepted' })),
    });
    const [first] = await admin.listTransactions({ tx_id: txIds[0]! });
    await admin.setTransactionStatus(first!.server_ref, 'completed', '津贴已核发');
    await call('tech.syncNow');
    const later = await call<ProgressView>('tx.progress', { localNumber: members[2]!.localNumber });
    expect(later.ok && later.value.bundle?.members.map((m) => m.status)).toEqual(['completed', 'accepted', 'accepted']);
  });
});
