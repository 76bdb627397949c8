import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { FakeReceiptPrinter } from '../../../drivers/printer/fake';
import { SAMPLE_CARDS } from '../../../drivers/sim/sample-cards';
import { privateReceiptNumber } from '../../../rules/receipt-number';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost;

beforeEach(async () => {
  host = await startTempHost();
});
afterEach(async () => {
  await host.cleanup();
});

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;
const card = SAMPLE_CARDS.find((c) => c.id === 'resident-long-term')!.card;
const submitArgs = (
  values: Record<string, string | boolean> = { phone: '13800001234', residence_status: 'home', photo_taken: true },
) => ({
  serviceCode: 'YL-RZ',
  values,
  requestId: crypto.randomUUID(),
});

describe('saving an application', () => {
  it('needs a villager session first', async () => {
    const r = await call('tx.submit', submitArgs());
    expect(r).toMatchObject({ ok: false, error: { code: 'no_session' } });
  });

  it('commits the transaction and its outbox row together, encrypted, and prints a masked receipt', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const r = await call<{ txId: string; localNumber: string }>('tx.submit', submitArgs());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const tx = host.db.prepare('SELECT * FROM transactions WHERE tx_id = ?').get(r.value.txId) as Record<
      string,
      unknown
    >;
    const out = host.db
      .prepare('SELECT state, payload_sha256 FROM sync_outbox WHERE tx_id = ?')
      .get(r.value.txId) as Record<string, unknown>;
    expect(tx.masked_id).toBe('4301**********0017');
    expect(out.state).toBe('pending');
    expect(out.payload_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.value.localNumber).toMatch(/^\d{4}-\d{4}-\d{4}$/);

    const printer = host.devices.printer as FakeReceiptPrinter;
    expect(printer.printed).toHaveLength(1);
    const receipt = printer.printed[0]!;
    expect(receipt.maskedIdNumber).toBe('4301**********0017');
    expect(receipt.qrContent).toBe(`CZR1:${r.value.localNumber}`);
    expect(JSON.stringify(receipt)).not.toContain(card.idNumber);
    expect(JSON.stringify(receipt)).not.toContain(card.name);
  });

  it('never leaves the plain ID number, name or phone in the database files or the log', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    expect((await call('tx.submit', submitArgs())).ok).toBe(true);
    host.db.pragma('wal_checkpoint(PASSIVE)');
    const files = readdirSync(host.dir)
      .filter((f) => f.startsWith('cunzhan.db'))
      .map((f) => readFileSync(join(host.dir, f)));
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) {
      for (const secret of [card.idNumber, card.name, '13800001234', card.address!]) {
        expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
    }
    const log = host.logLines.join('\n');
    for (const secret of [card.idNumber, card.name, '13800001234']) expect(log).not.toContain(secret);
  });

  it('saves once for a double tap (same requestId)', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const args = submitArgs();
    const [a, b] = await Promise.all([
      call<{ txId: string }>('tx.submit', args),
      call<{ txId: string }>('tx.submit', args),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.value.txId).toBe(b.value.txId);
    expect(host.db.prepare('SELECT COUNT(*) AS n FROM sync_outbox').get()).toEqual({ n: 1 });
  });

  it('returns field-level Chinese messages and saves nothing for invalid or hostile values', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const r = await call(
      'tx.submit',
      submitArgs({
        phone: '12345',
        residence_status: '<script>alert(1)</script>',
        applicant_name: 'override',
        photo_taken: true,
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    expect(r.error.fields).toMatchObject({
      phone: expect.stringContaining('手机'),
      residence_status: expect.any(String),
      applicant_name: expect.any(String),
    });
    expect(host.db.prepare('SELECT COUNT(*) AS n FROM transactions').get()).toEqual({ n: 0 });
  });

  it('keeps the application when the printer is out of paper, and the reprint is marked 补打', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const printer = host.devices.printer as FakeReceiptPrinter;
    printer.failNext('paper_out');
    const r = await call<{ localNumber: string; print: { printed: boolean; code?: string; message?: string } }>(
      'tx.submit',
      submitArgs(),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.print).toMatchObject({
      printed: false,
      code: 'paper_out',
      message: expect.stringContaining('工作人员'),
    });
    expect(host.db.prepare('SELECT print_state FROM transactions').get()).toEqual({ print_state: 'failed' });
    const again = await call('tx.reprint', { localNumber: r.value.localNumber });
    expect(again).toEqual({ ok: true, value: { printed: true } });
    expect(printer.printed.at(-1)!.reprint).toBe(true);
    expect(host.db.prepare('SELECT print_state, reprints FROM transactions').get()).toEqual({
      print_state: 'printed',
      reprints: 1,
    });
  });

  it('shows progress by local number, saved offline until sync', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const r = await call<{ localNumber: string }>('tx.submit', submitArgs());
    if (!r.ok) throw new Error('submit failed');
    const p = await call('tx.progress', { localNumber: r.value.localNumber });
    expect(p).toMatchObject({
      ok: true,
      value: { status: 'saved_offline', platformNumber: null, maskedIdNumber: '4301**********0017' },
    });
    expect(await call('tx.progress', { localNumber: 'NOPE-000000' })).toMatchObject({
      ok: false,
      error: { code: 'receipt_malformed' },
    });
  });

  it('clears the session (and the identity in memory) on session.end', async () => {
    await call('demo.placeCard', { id: 'resident-long-term' });
    expect((await call('session.current')).ok).toBe(true);
    await call('session.end');
    expect(await call('session.current')).toEqual({ ok: true, value: null });
    expect(await call('tx.submit', submitArgs())).toMatchObject({ ok: false, error: { code: 'no_session' } });
  });
});

describe('looking up a receipt number', () => {
  const LEGACY = '430121100201-20261122-0001';
  const other = SAMPLE_CARDS.find((c) => c.id !== 'resident-long-term' && c.card.idNumber !== card.idNumber)!;
  const asConnection = async (connectionId: string, method: string, args: unknown) =>
    (await host.dispatch(method, args, { connectionId })) as ApiResult<unknown>;

  async function saved(): Promise<{ txId: string; localNumber: string }> {
    await call('demo.placeCard', { id: 'resident-long-term' });
    const r = await call<{ txId: string; localNumber: string }>('tx.submit', submitArgs());
    if (!r.ok) throw new Error('submit failed');
    return r.value;
  }

  it('gives every application its own random number with a check digit', async () => {
    const numbers = new Set<string>();
    for (let i = 0; i < 5; i += 1) numbers.add((await saved()).localNumber);
    expect(numbers.size).toBe(5);
    const rows = host.db.prepare('SELECT local_number FROM transactions').all() as { local_number: string }[];
    expect(new Set(rows.map((r) => r.local_number))).toEqual(numbers);
  });

  it('shows the masked ID for the full private number, even without a card', async () => {
    const { localNumber } = await saved();
    await call('session.end');
    expect(await call('tx.progress', { localNumber })).toMatchObject({
      ok: true,
      value: { maskedIdNumber: '4301**********0017', detailsHidden: false },
    });
  });

  it('catches a typo by its check digit and looks nothing up', async () => {
    const { localNumber } = await saved();
    const last = localNumber.at(-1)!;
    const typo = localNumber.slice(0, -1) + (last === '9' ? '0' : String(Number(last) + 1));
    expect(await call('tx.progress', { localNumber: typo })).toMatchObject({
      ok: false,
      error: { code: 'receipt_typo', message: expect.stringContaining('输错') },
    });
  });

  it('finds an old running number, but shows its masked ID and note only with the applicant’s card', async () => {
    const { txId } = await saved();
    host.db.prepare('UPDATE transactions SET local_number = ? WHERE tx_id = ?').run(LEGACY, txId);
    await call('session.end');
    const anonymous = await call('tx.progress', { localNumber: LEGACY });
    expect(anonymous).toMatchObject({
      ok: true,
      value: { localNumber: LEGACY, status: 'saved_offline', maskedIdNumber: null, note: null, detailsHidden: true },
    });
    expect(JSON.stringify(anonymous)).not.toContain('0017');
    expect(await call('tx.reprint', { localNumber: LEGACY })).toMatchObject({
      ok: false,
      error: { code: 'card_required' },
    });

    await call('demo.placeCard', { id: other.id });
    expect(await call('tx.progress', { localNumber: LEGACY })).toMatchObject({
      ok: true,
      value: { detailsHidden: true, maskedIdNumber: null },
    });
    await call('session.end');

    await call('demo.placeCard', { id: 'resident-long-term' });
    expect(await call('tx.progress', { localNumber: LEGACY })).toMatchObject({
      ok: true,
      value: { detailsHidden: false, maskedIdNumber: '4301**********0017' },
    });
    expect(await call('tx.reprint', { localNumber: LEGACY })).toEqual({ ok: true, value: { printed: true } });
  });

  it('does not count the owner looking up an old receipt with the card as a guess', async () => {
    const { txId } = await saved();
    host.db.prepare('UPDATE transactions SET local_number = ? WHERE tx_id = ?').run(LEGACY, txId);
    for (let i = 0; i < 8; i += 1)
      expect(await call('tx.progress', { localNumber: LEGACY })).toMatchObject({
        ok: true,
        value: { detailsHidden: false },
      });
    await call('session.end');
    for (let i = 0; i < 5; i += 1)
      expect(await call('tx.progress', { localNumber: LEGACY })).toMatchObject({
        ok: true,
        value: { detailsHidden: true },
      });
    expect(await call('tx.progress', { localNumber: LEGACY })).toMatchObject({
      ok: false,
      error: { code: 'too_many_lookups' },
    });
  });

  it('stops a connection after five guesses, even for a real number, while another connection still works', async () => {
    const { localNumber } = await saved();
    // Guesses with correct check digits (a guesser can compute those): each one is a lookup.
    const unused = Array.from({ length: 5 }, (_, i) => privateReceiptNumber(String(10_000_000_000 + i))).filter(
      (n) => n !== localNumber,
    );
    expect(unused).toHaveLength(5);
    for (const n of unused)
      expect(await asConnection('guesser', 'tx.progress', { localNumber: n })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    expect(await asConnection('guesser', 'tx.progress', { localNumber })).toMatchObject({
      ok: false,
      error: { code: 'too_many_lookups' },
    });
    expect(await asConnection('guesser', 'tx.reprint', { localNumber })).toMatchObject({
      ok: false,
      error: { code: 'too_many_lookups' },
    });
    expect(await asConnection('villager', 'tx.progress', { localNumber })).toMatchObject({ ok: true });
  });

  it('stops the whole terminal after twenty guesses from any number of connections', async () => {
    const { localNumber } = await saved();
    for (let i = 0; i < 20; i += 1) {
      const n = privateReceiptNumber(String(20_000_000_000 + i));
      expect(await asConnection(`c${i}`, 'tx.progress', { localNumber: n })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
    expect(await asConnection('fresh', 'tx.progress', { localNumber })).toMatchObject({
      ok: false,
      error: { code: 'too_many_lookups' },
    });
  });
});
