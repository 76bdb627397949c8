import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { DayCloseSummary, QueueChanged, QueuePage } from '../../../main/contract/agent-queue-views';
import type { FakeReceiptPrinter } from '../../../drivers/printer/fake';
import { SAMPLE_CARDS } from '../../../drivers/sim/sample-cards';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { enrolTempHost, startTempHost } from '../../helpers/temp-host';
import { DEMO_AGENTS, demoAgentRecords } from '../../../main/host/demo-agents';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
let host: TempHost;
const moved: QueueChanged['changes'] = [];

const agent = { id: DEMO_AGENTS[0].id, maskedName: '刘*办' };
const card = SAMPLE_CARDS.find((c) => c.id === 'resident-long-term')!.card;
const seed = JSON.parse(readFileSync(new URL('../../../seed/catalog.json', import.meta.url), 'utf8')) as {
  forms: { id: string; fields: { key: string; pattern?: string }[] }[];
};

const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args)) as ApiResult<T>;
const value = <T>(r: ApiResult<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const submit = async (phone: string) =>
  value(
    await call<{ txId: string; localNumber: string }>('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone, residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    }),
  );
const syncNow = async () => value(await call<{ ok: boolean }>('tech.syncNow'));
const list = async (query: Record<string, unknown> = {}) => value(await call<QueuePage>('queue.list', query));

beforeAll(async () => {
  platform = await startPlatform({ seed: true });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
  host = await startTempHost();
  host.bus.subscribeAll((topic, payload) => {
    if (topic === 'queue.changed') moved.push(...(payload as QueueChanged).changes);
  });
  const deviceId = await enrolTempHost(host, platform);
  await admin.publishAgents(demoAgentRecords(), deviceId);
  await syncNow();
}, 60_000);
afterAll(async () => {
  await host.cleanup();
  await platform.close();
});

describe('the agent queue with the reference platform', () => {
  let rejected: { txId: string; localNumber: string };
  let other: { txId: string; localNumber: string };
  let corrected: { txId: string; localNumber: string };

  it('refuses every agent method until an agent is signed in', async () => {
    for (const [method, args] of [
      ['queue.list', {}],
      ['dayclose.summary', { day: '2026-12-05', scope: 'agent' }],
    ] as const) {
      expect(await call(method, args)).toMatchObject({ ok: false, error: { code: 'agent_required' } });
    }
    value(await call('demo.placeCard', { id: 'agent-liu' }));
    expect(await call('agent.signIn', { pin: '135790' })).toMatchObject({ ok: true, value: { agentId: agent.id } });
  });

  it('lists the station’s applications newest first, masked unless the villager’s card is on the reader', async () => {
    // The platform answers nothing for now: both stay on the terminal until the test syncs.
    await admin.setFaults({ error_rate: 1 });
    value(await call('demo.placeCard', { id: 'resident-long-term' }));
    rejected = await submit('13800001234');
    other = await submit('13700001234');
    value(await call('session.end'));
    const page = await list();
    expect(page.items.map((i) => i.localNumber)).toEqual([other.localNumber, rejected.localNumber]);
    expect(page.items[0]).toMatchObject({
      state: 'saved_offline',
      unmasked: false,
      name: expect.stringContaining('*'),
    });
    expect(JSON.stringify(page)).not.toContain(card.idNumber);
    await vi.waitFor(() =>
      expect(moved.map((m) => m.txId)).toEqual(expect.arrayContaining([rejected.txId, other.txId])),
    );

    expect(await call('queue.list', { byCard: true })).toMatchObject({ ok: false, error: { code: 'no_session' } });
    value(await call('demo.placeCard', { id: 'resident-long-term' }));
    const mine = await list({ byCard: true });
    expect(mine.items).toHaveLength(2);
    expect(mine.items[0]).toMatchObject({ unmasked: true, idNumber: card.idNumber, name: card.name });
    // A live refresh of the same page in the same card session is not a new view.
    await list({ byCard: true });
    value(await call('session.end'));
    const audits = host.db.prepare("SELECT object FROM audit_log WHERE action = 'person.view_unmasked'").all();
    expect(audits).toHaveLength(2);
  });

  it('finds by receipt number, refuses a typo and pages with a cursor', async () => {
    const found = await list({ receiptNumber: rejected.localNumber });
    expect(found.items.map((i) => i.txId)).toEqual([rejected.txId]);
    const digits = rejected.localNumber.replace(/-/g, '');
    const typo = `${digits.slice(0, -1)}${(Number(digits.at(-1)) + 1) % 10}`;
    expect(await call('queue.list', { receiptNumber: typo })).toMatchObject({
      ok: false,
      error: { code: 'receipt_typo' },
    });
    const first = await list({ limit: 1 });
    expect(first.next).not.toBeNull();
    const second = await list({ limit: 1, before: first.next });
    expect(second.items[0]!.txId).toBe(rejected.txId);
  });

  it('shows the platform’s rejection in plain Chinese with the field’s label', async () => {
    // The platform tightens the phone rule after the terminal saved: its check rejects the first.
    const forms = seed.forms.map((f) =>
      f.id === 'form-yl-rz'
        ? { ...f, fields: f.fields.map((x) => (x.key === 'phone' ? { ...x, pattern: '13[79]\\d{8}' } : x)) }
        : f,
    );
    await admin.seedCatalog({ ...(seed as object), forms } as never);
    await admin.clearFaults();
    moved.length = 0;
    await syncNow();
    const item = (await list({ state: 'rejected' })).items;
    expect(item.map((i) => i.txId)).toEqual([rejected.txId]);
    expect(item[0]!.reason).toMatch(/联系电话/);
    expect(moved).toContainEqual({ txId: rejected.txId, state: 'rejected' });
    expect((await list({ state: 'accepted' })).items.map((i) => i.txId)).toEqual([other.txId]);
  });

  it('修改后重新提交 opens the rejected values and saves a new transaction that supersedes the old one', async () => {
    const view = value(
      await call<{ values: Record<string, unknown>; reason: string }>('correction.open', { txId: rejected.txId }),
    );
    expect(view.values).toMatchObject({ phone: '13800001234', residence_status: 'home' });
    expect(view.values).not.toHaveProperty('applicant_id_number');
    const wrong = await call('correction.resubmit', {
      txId: rejected.txId,
      values: { phone: '12', residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const printer = host.devices.printer as FakeReceiptPrinter;
    const before = printer.printed.length;
    corrected = value(
      await call<{ txId: string; localNumber: string }>('correction.resubmit', {
        txId: rejected.txId,
        values: { phone: '13912345678', residence_status: 'home', photo_taken: true },
        requestId: crypto.randomUUID(),
      }),
    );
    expect(printer.printed.length).toBe(before + 1);
    expect(printer.printed.at(-1)).toMatchObject({ localNumber: corrected.localNumber, agentName: agent.maskedName });
    await syncNow();
    const [tx] = await admin.listTransactions({ tx_id: corrected.txId, include_payload: true });
    expect(tx).toMatchObject({ payload: { supersedes: rejected.txId } });
    const items = (await list()).items;
    expect(items.find((i) => i.txId === corrected.txId)).toMatchObject({
      state: 'accepted',
      supersedes: rejected.txId,
    });
    expect(items.find((i) => i.txId === rejected.txId)).toMatchObject({ correctedBy: corrected.txId });
    expect(
      await call('correction.resubmit', {
        txId: rejected.txId,
        values: { phone: '13912345678', residence_status: 'home', photo_taken: true },
        requestId: crypto.randomUUID(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'already_corrected' } });
  });

  it('follows the platform moving an item to needs_more, and a supplement depends on it', async () => {
    const ref = (await list({ receiptNumber: other.localNumber })).items[0]!.platformNumber!;
    moved.length = 0;
    await admin.setTransactionStatus(ref, 'needs_more', '请补充户口簿本人页照片');
    await syncNow();
    expect(moved).toContainEqual({ txId: other.txId, state: 'needs_more' });
    const item = (await list({ state: 'needs_more' })).items[0]!;
    expect(item).toMatchObject({ txId: other.txId, reason: '请补充户口簿本人页照片' });
    const png = new PNG({ width: 8, height: 8 });
    const supplement = value(
      await call<{ txId: string }>('correction.supplement', {
        txId: other.txId,
        mime: 'image/png',
        dataBase64: PNG.sync.write(png).toString('base64'),
        requestId: crypto.randomUUID(),
      }),
    );
    await syncNow();
    const [tx] = await admin.listTransactions({ tx_id: supplement.txId, include_payload: true });
    expect(tx).toMatchObject({ depends_on: other.txId, payload: { supplements: other.txId } });
    expect(tx!.attachments).toHaveLength(1);
  });

  it('reprints a receipt marked 补打 and records it', async () => {
    const printer = host.devices.printer as FakeReceiptPrinter;
    expect(await call('queue.reprint', { txId: other.txId })).toEqual({ ok: true, value: { printed: true } });
    expect(printer.printed.at(-1)).toMatchObject({ localNumber: other.localNumber, reprint: true });
    expect(host.db.prepare('SELECT reprints FROM transactions WHERE tx_id = ?').get(other.txId)).toEqual({
      reprints: 1,
    });
  });

  it('closes the day: summary by service and state, printed, audited, and the day refuses new applications', async () => {
    const day = (await list()).items[0]!.day;
    const open = value(await call<DayCloseSummary>('dayclose.summary', { day, scope: 'station' }));
    expect(open).toMatchObject({ total: 4, closed: null, evaluations: { count: 0 } });
    expect(open.byState).toMatchObject({ rejected: 1, needs_more: 1 });
    expect(open.perHour.reduce((a, b) => a + b, 0)).toBe(4);
    const closed = value(
      await call<{ summary: DayCloseSummary; print: { printed: boolean } }>('dayclose.close', {
        day,
        scope: 'station',
      }),
    );
    expect(closed.print).toEqual({ printed: true });
    expect(closed.summary.closed?.summarySha256).toMatch(/^[0-9a-f]{64}$/);
    const printer = host.devices.printer as FakeReceiptPrinter;
    expect(printer.printed.at(-1)).toMatchObject({ title: '日结汇总', maskedName: '' });
    expect(printer.printed.at(-1)!.notes.join('\n')).toMatch(
      /好差评：共 0 条（非常满意 0，满意 0，一般 0，不满意 0，非常不满意 0）/,
    );
    const entry = host.db.prepare("SELECT object FROM audit_log WHERE action = 'day.close'").get() as {
      object: string;
    };
    expect(entry.object).toContain(closed.summary.closed!.summarySha256.slice(0, 32));

    value(await call('demo.placeCard', { id: 'resident-long-term' }));
    const refused = await call('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone: '13912345678', residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'day_closed', message: expect.stringContaining('日结') },
    });
    expect(() => host.db.prepare('DELETE FROM day_closes').run()).toThrow(/day_closed/);
    const again = value(await call<DayCloseSummary>('dayclose.summary', { day, scope: 'station' }));
    expect(again).toEqual(closed.summary);
  });

  it('leaves every agent action in an audit chain that verifies', () => {
    const actions = (
      host.db.prepare("SELECT DISTINCT action FROM audit_log WHERE actor_role = 'agent'").all() as {
        action: string;
      }[]
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'person.view_unmasked',
        'correction.open',
        'correction.resubmit',
        'correction.supplement',
        'receipt.print',
        'receipt.reprint',
        'day.close',
      ]),
    );
    expect(host.audit.verify().broken).toBeNull();
  });
});
