import { readFileSync, existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, FormView } from '../../../main/contract';
import { RetentionService } from '../../../main/services/retention';
import { wipePersonalData } from '../../../main/services/wipe';
import { sealContext } from '../../../main/services/transaction-service';
import { FieldCipher, deriveKeys } from '../../../main/store/field-cipher';
import { FileKeyProvider } from '../../../main/store/key-provider';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost;
beforeEach(async () => {
  host = await startTempHost();
});
afterEach(async () => {
  await host.cleanup();
});

const PHONE = '13912345678';
const BANK = '6217002870012345678';
const CARD_A = 'resident-long-term';
const CARD_B = 'resident-twenty-years';
const DAY = 86_400_000;
const ackedAt = Date.parse('2026-12-01T08:00:00.000Z');

const call = async <T>(method: string, args: unknown) => (await host.dispatch(method, args)) as ApiResult<T>;

async function place(card: string): Promise<void> {
  expect(await call('demo.placeCard', { id: card })).toMatchObject({ ok: true });
}

/** 残疾人两项补贴 gives a phone and a bank account, both worth offering again. */
async function applyWithPhoneAndBank(card: string): Promise<string> {
  await place(card);
  const r = await call<{ txId: string }>('tx.submit', {
    serviceCode: 'CJ-BT',
    values: {
      phone: PHONE,
      bank_account: BANK,
      disability_cert_no: '43012119480315001711',
      disability_grade: '2',
      subsidy_types: ['living'],
    },
    requestId: crypto.randomUUID(),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.txId;
}

async function offersOn(serviceCode: string): Promise<Record<string, string>> {
  const r = await call<FormView>('catalog.form', { serviceCode });
  if (!r.ok) throw new Error(r.error.code);
  return Object.fromEntries(r.value.fields.flatMap((f) => (f.reuseDisplay ? [[f.id, f.reuseDisplay]] : [])));
}

function ack(txId: string): void {
  host.db
    .prepare("UPDATE sync_outbox SET state = 'acked', acked_server_time = ?, server_ref = 'SL1' WHERE tx_id = ?")
    .run(new Date(ackedAt).toISOString(), txId);
}

const retentionAt = (now: number) =>
  new RetentionService({
    db: host.db,
    audit: host.audit,
    configDays: 7,
    remoteDays: () => undefined,
    serverNow: () => now,
    receiptsDir: null,
  });

describe('数据最多采一次: earlier answers offered again', () => {
  it('offers the phone and bank account, masked, to the same card on the next form and never to another card', async () => {
    await applyWithPhoneAndBank(CARD_A);
    await place(CARD_A);
    expect(await offersOn('GL-JT')).toEqual({ phone: '139****5678', bank_account: '6217***********5678' });
    // A form without a bank account offers only the phone; card fields are never offered.
    expect(await offersOn('YL-RZ')).toEqual({ phone: '139****5678' });

    await place(CARD_B);
    expect(await offersOn('GL-JT')).toEqual({});
    await call('demo.removeCard', {});
    await call('session.end', {});
    expect(await offersOn('GL-JT')).toEqual({});
  });

  it('puts the real earlier value into the application when the villager chooses it, only for its owner', async () => {
    await applyWithPhoneAndBank(CARD_A);
    await place(CARD_A);
    const reused = await call<{ txId: string }>('tx.submit', {
      serviceCode: 'GL-JT',
      values: { age_band: '80-89' },
      reuse: ['phone', 'bank_account'],
      requestId: crypto.randomUUID(),
    });
    if (!reused.ok) throw new Error(JSON.stringify(reused.error));
    const sealed = host.db.prepare('SELECT sealed_record FROM transactions WHERE tx_id = ?').get(reused.value.txId) as {
      sealed_record: Uint8Array;
    };
    const cipher = new FieldCipher(
      deriveKeys(await new FileKeyProvider(host.paths.keyFile).loadOrCreateMasterKey()).dataKey,
    );
    const payload = cipher.openJson<{ fields: Record<string, unknown> }>(
      sealed.sealed_record,
      sealContext(reused.value.txId),
    );
    expect(payload.fields).toMatchObject({ phone: PHONE, bank_account: BANK, age_band: '80-89' });

    await place(CARD_B);
    expect(
      await call('tx.submit', {
        serviceCode: 'GL-JT',
        values: { age_band: '80-89' },
        reuse: ['phone'],
        requestId: crypto.randomUUID(),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', fields: { phone: '上次填写的信息已经不在了，请重新填写' } },
    });
  });

  it('refuses reuse of a field the form does not offer, or one also typed', async () => {
    await applyWithPhoneAndBank(CARD_A);
    await place(CARD_A);
    const r = await call('tx.submit', {
      serviceCode: 'GL-JT',
      values: { age_band: '80-89', phone: '13800000000', bank_account: BANK },
      reuse: ['phone', 'applicant_id_number'],
      requestId: crypto.randomUUID(),
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'validation_failed',
        fields: { phone: expect.any(String), applicant_id_number: expect.any(String) },
      },
    });
  });

  it('expires with the retention of the application it came from', async () => {
    const txId = await applyWithPhoneAndBank(CARD_A);
    ack(txId);
    expect(retentionAt(ackedAt + 7 * DAY - 1000).run().reuseErased).toBe(0);
    await place(CARD_A);
    expect(Object.keys(await offersOn('GL-JT'))).toEqual(['phone', 'bank_account']);

    expect(retentionAt(ackedAt + 7 * DAY + 1000).run().reuseErased).toBe(2);
    expect(await offersOn('GL-JT')).toEqual({});
    expect(host.audit.entries().at(-1)).toMatchObject({
      action: 'data.retention',
      object: expect.stringContaining('reuse=2'),
    });
  });

  it('keeps a value used again alive with the newer application', async () => {
    const first = await applyWithPhoneAndBank(CARD_A);
    ack(first);
    await place(CARD_A);
    const again = await call('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { residence_status: 'home', photo_taken: true },
      reuse: ['phone'],
      requestId: crypto.randomUUID(),
    });
    expect(again.ok).toBe(true);
    retentionAt(ackedAt + 8 * DAY).run();
    expect(await offersOn('GL-JT')).toEqual({ phone: '139****5678' }); // the bank account came only from the old one
  });

  it('erases on the villager request, with an audit entry naming no person; another card keeps its own', async () => {
    await applyWithPhoneAndBank(CARD_A);
    await applyWithPhoneAndBank(CARD_B);
    await call('demo.removeCard', {});
    await call('session.end', {});
    expect(await call('person.forget', {})).toMatchObject({ ok: false, error: { code: 'no_session' } });

    await place(CARD_A);
    expect(await call('person.forget', {})).toEqual({ ok: true, value: { erased: 2 } });
    expect(await offersOn('GL-JT')).toEqual({});
    const entry = host.audit.entries().at(-1);
    expect(entry).toMatchObject({
      action: 'data.erase_own',
      actor: { role: 'villager', id: 'kiosk' },
      object: 'reuse_values=2',
      result: 'ok',
    });
    expect(await call('person.forget', {})).toEqual({ ok: true, value: { erased: 0 } });

    await place(CARD_B);
    expect(Object.keys(await offersOn('GL-JT'))).toEqual(['phone', 'bank_account']);
  });

  it('keeps the values encrypted at rest: the raw SQLite files and the log never hold them', async () => {
    await applyWithPhoneAndBank(CARD_A);
    await place(CARD_A);
    await offersOn('GL-JT');
    const rows = host.db.prepare('SELECT COUNT(*) AS n FROM reuse_values').get() as { n: number };
    expect(rows.n).toBe(2);
    host.db.pragma('wal_checkpoint(FULL)');
    const files = [host.paths.database, `${host.paths.database}-wal`].filter((f) => existsSync(f));
    for (const file of files) {
      const raw = readFileSync(file);
      for (const secret of [PHONE, BANK]) {
        expect(raw.includes(Buffer.from(secret, 'utf8'))).toBe(false);
        expect(raw.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
    }
    expect(host.logLines.join('\n')).not.toContain(PHONE);
    expect(host.logLines.join('\n')).not.toContain(BANK);
  });

  it('goes with everything else when the terminal is wiped', async () => {
    await applyWithPhoneAndBank(CARD_A);
    const cipher = new FieldCipher(
      deriveKeys(await new FileKeyProvider(host.paths.keyFile).loadOrCreateMasterKey()).dataKey,
    );
    wipePersonalData({
      db: host.db,
      cipher,
      dataDir: host.dir,
      audit: host.audit,
      actor: { role: 'technician', id: 'technician' },
    });
    expect(host.db.prepare('SELECT COUNT(*) AS n FROM reuse_values').get()).toEqual({ n: 0 });
  });
});
