import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import { RetentionService } from '../../../main/services/retention';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost;
beforeEach(async () => {
  host = await startTempHost();
});
afterEach(async () => {
  await host.cleanup();
});

const DAY = 86_400_000;
const ackedAt = Date.parse('2026-12-01T08:00:00.000Z');
const call = async <T>(method: string, args: unknown) => (await host.dispatch(method, args)) as ApiResult<T>;

async function submit(): Promise<{ txId: string; localNumber: string }> {
  await call('demo.placeCard', { id: 'resident-long-term' });
  const r = await call<{ txId: string; localNumber: string }>('tx.submit', {
    serviceCode: 'YL-RZ',
    values: { phone: '13800001234', residence_status: 'home', photo_taken: true },
    requestId: crypto.randomUUID(),
  });
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

/** What the sync engine does when the platform answers `applied`. */
function ack(txId: string, at = ackedAt): void {
  host.db
    .prepare("UPDATE sync_outbox SET state = 'acked', acked_server_time = ?, server_ref = 'SL1' WHERE tx_id = ?")
    .run(new Date(at).toISOString(), txId);
}

const sealedLength = (txId: string) =>
  (
    host.db.prepare('SELECT length(sealed_record) AS n FROM transactions WHERE tx_id = ?').get(txId) as
      { n: number } | undefined
  )?.n;

function retention(now: number | null, over: { remoteDays?: unknown; receiptsDir?: string } = {}) {
  return new RetentionService({
    db: host.db,
    audit: host.audit,
    configDays: 7,
    remoteDays: () => over.remoteDays,
    serverNow: () => now,
    receiptsDir: over.receiptsDir ?? null,
  });
}

describe('retention of personal data', () => {
  it('erases the sealed record of an applied transaction only after the retention period', async () => {
    const applied = await submit();
    const waiting = await submit();
    ack(applied.txId);
    expect(retention(ackedAt + 7 * DAY - 1000).run()).toMatchObject({ days: 7, sealedErased: 0 });
    expect(sealedLength(applied.txId)).toBeGreaterThan(0);

    expect(retention(ackedAt + 7 * DAY + 1000).run()).toMatchObject({ sealedErased: 1, rowsDeleted: 0 });
    expect(sealedLength(applied.txId)).toBe(0);
    expect(sealedLength(waiting.txId)).toBeGreaterThan(0); // never sent: kept whatever the date
    // What reprints and progress lookups need is still there.
    expect(await call('tx.progress', { localNumber: applied.localNumber })).toMatchObject({
      ok: true,
      value: { maskedIdNumber: '4301**********0017' },
    });
    expect((await call('tx.reprint', { localNumber: applied.localNumber })).ok).toBe(true);
    expect(host.audit.entries().map((e) => e.action)).toContain('data.retention');
  });

  it('lets the platform lower the period but never raise it', () => {
    expect(retention(0, { remoteDays: 2 }).days()).toBe(2);
    expect(retention(0, { remoteDays: 30 }).days()).toBe(7);
    expect(retention(0, { remoteDays: '1' }).days()).toBe(7);
    expect(retention(0, { remoteDays: 0 }).days()).toBe(7);
  });

  it('erases after the lowered period', async () => {
    const t = await submit();
    ack(t.txId);
    expect(retention(ackedAt + 2 * DAY + 1000, { remoteDays: 2 }).run().sealedErased).toBe(1);
  });

  it('without a measured platform time, goes by the newest acknowledgement, never the device clock', async () => {
    const old = await submit();
    const recent = await submit();
    ack(old.txId, ackedAt);
    ack(recent.txId, ackedAt + 8 * DAY);
    expect(retention(null).run().sealedErased).toBe(1);
    expect(sealedLength(old.txId)).toBe(0);
    expect(sealedLength(recent.txId)).toBeGreaterThan(0);
  });

  it('deletes the row once the sync engine purged its acknowledged outbox row', async () => {
    const t = await submit();
    ack(t.txId);
    retention(ackedAt + 8 * DAY).run();
    host.db.prepare('DELETE FROM sync_outbox WHERE tx_id = ?').run(t.txId);
    expect(retention(ackedAt + 8 * DAY).run().rowsDeleted).toBe(1);
    expect(sealedLength(t.txId)).toBeUndefined();
  });

  it("drops an application's rating only after both the application and the rating's outbox row are gone", async () => {
    const t = await submit();
    const rated = await call('evaluation.submit', { localNumber: t.localNumber, level: 4, reasons: [] });
    expect(rated.ok).toBe(true);
    const ratings = () => (host.db.prepare('SELECT COUNT(*) AS n FROM evaluations').get() as { n: number }).n;
    ack(t.txId);
    retention(ackedAt + 8 * DAY).run();
    expect(ratings()).toBe(1);
    host.db.prepare('DELETE FROM sync_outbox WHERE tx_id = ?').run(t.txId);
    expect(retention(ackedAt + 8 * DAY).run().rowsDeleted).toBe(1);
    expect(ratings()).toBe(1);
    host.db.prepare("DELETE FROM sync_outbox WHERE kind = 'evaluation'").run();
    retention(ackedAt + 8 * DAY).run();
    expect(ratings()).toBe(0);
  });

  it('deletes simulator receipt images by the same rule', () => {
    const dir = join(host.dir, 'receipts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'old.png'), 'x');
    writeFileSync(join(dir, 'new.png'), 'x');
    utimesSync(join(dir, 'old.png'), new Date(ackedAt), new Date(ackedAt));
    utimesSync(join(dir, 'new.png'), new Date(ackedAt + 6 * DAY), new Date(ackedAt + 6 * DAY));
    expect(retention(ackedAt + 7 * DAY + 1000, { receiptsDir: dir }).run().receiptsDeleted).toBe(1);
    expect(readdirSync(dir)).toEqual(['new.png']);
  });
});
