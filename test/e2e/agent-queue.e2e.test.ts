import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { runAuditCli } from '../../main/host/cli/audit';
import { DEMO_AGENTS } from '../../main/host/demo-agents';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { PlatformAdminClient } from '../../sync/platform';
import { chinaDateTimeText } from '../../rules/clock';
import { launchKioskPage } from './helpers/browser';
import { screenshotDir } from './helpers/screenshots';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * The agent's queue, corrections, reprint and day close at the demo terminal with its reference
 * platform, in Chromium by the visible Chinese labels. Applications are saved by a villager over
 * the API (the villager screens have their own e2e); the platform's admin API rejects one (a
 * tightened phone rule) and moves the other. Screenshots for the guide: agent-queue-*.png (screenshotDir: docs/img/ with DOCS_SCREENSHOTS=1)
 * (with DOCS_SCREENSHOTS=1). Finally the platform's own view of the audit chain must match the terminal's.
 */
const img = screenshotDir();
const q = zhCN.agentQueue;
const dc = zhCN.dayClose;
const seed = JSON.parse(readFileSync(new URL('../../seed/catalog.json', import.meta.url), 'utf8')) as {
  forms: { id: string; fields: { key: string; pattern?: string }[] }[];
};

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let host: { api: KioskApi; close(): void };
let admin: PlatformAdminClient;
let rejected: { txId: string; localNumber: string };
let accepted: { txId: string; localNumber: string };
let corrected: string;
const work = mkdtempSync(join(tmpdir(), 'cz-agent-queue-'));

async function placeCard(id: string): Promise<void> {
  await host.api.invoke('demo.removeCard', {});
  await new Promise((r) => setTimeout(r, 700));
  const r = await host.api.invoke('demo.placeCard', { id });
  if (!r.ok) throw new Error(r.error.code);
}

/** The reader reports a card a moment after it is placed. */
async function cardRead(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await host.api.invoke('session.current', {});
    if (r.ok && r.value) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error('the card was not read');
}

async function villagerApplies(phone: string): Promise<{ txId: string; localNumber: string }> {
  const r = await host.api.invoke('tx.submit', {
    serviceCode: 'YL-RZ',
    values: { phone, residence_status: 'home', photo_taken: true },
    requestId: crypto.randomUUID(),
  });
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.value;
}

async function syncNow(): Promise<void> {
  const r = await host.api.invoke('tech.syncNow', {});
  if (!r.ok) throw new Error(r.error.code);
}

const row = (localNumber: string): Locator => page.getByTestId(`queue-item-${localNumber}`);

/** The last printed receipt: its transcript, and the QR codes zbarimg reads from its PNG. */
async function lastReceipt(name: string): Promise<{ text: string; codes: string[] }> {
  const r = await host.api.invoke('demo.lastReceipt', {});
  if (!r.ok || !r.value?.pngBase64) throw new Error('no receipt');
  const png = join(work, `${name}.png`);
  writeFileSync(png, Buffer.from(r.value.pngBase64, 'base64'));
  const out = execFileSync('zbarimg', ['-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return { text: r.value.transcript, codes: out.trim().split('\n') };
}

describe('the agent queue, corrections and day close (demo terminal, reference platform, Chromium)', () => {
  beforeAll(async () => {
    buildRenderer();
    terminal = await startTerminal();
    const listening = terminal.logs
      .map((l) => {
        try {
          return JSON.parse(l) as { event?: string; platform?: { url: string; adminToken: string } };
        } catch {
          return {};
        }
      })
      .find((m) => m.event === 'listening')!;
    admin = new PlatformAdminClient(listening.platform!.url, listening.platform!.adminToken);
    host = await connectFromNode(terminal.url);
    expect(await host.api.invoke('tech.unlock', { pin: '000000' })).toMatchObject({ ok: true });
    await syncNow();
    // The platform answers nothing while two villagers apply; then it tightens the phone rule.
    await admin.setFaults({ error_rate: 1 });
    await placeCard('resident-long-term');
    await cardRead();
    rejected = await villagerApplies('13800001234');
    accepted = await villagerApplies('13700001234');
    await host.api.invoke('session.end', {});
    const forms = seed.forms.map((f) =>
      f.id === 'form-yl-rz'
        ? { ...f, fields: f.fields.map((x) => (x.key === 'phone' ? { ...x, pattern: '13[79]\\d{8}' } : x)) }
        : f,
    );
    await admin.seedCatalog({ ...(seed as object), forms } as never);
    await admin.clearFaults();
    await syncNow();
    // A fake camera (Chromium's test pattern) for the photo of a missing document.
    ({ browser, page, errors } = await launchKioskPage([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ]));
    await page.goto(terminal.url);
    await page.getByTestId('screen-home').waitFor();
  }, 120_000);

  afterAll(async () => {
    host?.close();
    await browser?.close();
    await terminal?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('a signed-in agent sees the queue with states and the platform’s reason in plain Chinese', async () => {
    await page.getByRole('button', { name: zhCN.agent.entry, exact: true }).click();
    await placeCard('agent-liu');
    await page.getByText(zhCN.agent.cardRead).waitFor();
    for (const d of DEMO_AGENTS[0].pin) await page.getByTestId(`agent-pin-keypad-key-${d}`).click();
    await page.getByRole('button', { name: zhCN.agent.signIn, exact: true }).click();
    await page.getByRole('button', { name: new RegExp(q.menuLabel) }).click();
    await row(rejected.localNumber).waitFor();
    expect(await row(rejected.localNumber).getByTestId('queue-state').textContent()).toBe(q.states.rejected);
    expect(await row(rejected.localNumber).getByTestId('queue-reason').textContent()).toContain('联系电话');
    expect(await row(accepted.localNumber).getByTestId('queue-state').textContent()).toBe(q.states.accepted);
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('李*范');
    expect(text).not.toContain('李示范');
    expect(text).toContain(q.selfService);
    // Times in China time (UTC+8) from the one rule, although this browser runs on the machine's zone.
    expect(await row(accepted.localNumber).textContent()).toContain(chinaDateTimeText(createdAtOf(accepted.txId)));
    // Filtered by state: only the rejected one.
    await page.getByRole('button', { name: q.states.rejected, exact: true }).click();
    await row(accepted.localNumber).waitFor({ state: 'detached' });
    expect(await row(rejected.localNumber).isVisible()).toBe(true);
    await page.getByRole('button', { name: q.allStates, exact: true }).click();
    await row(accepted.localNumber).waitFor();
    await page.screenshot({ path: `${img}agent-queue-1-list.png`, fullPage: true });
  });

  it('watches a state change when the platform’s admin moves the application (no reload)', async () => {
    const [tx] = await admin.listTransactions({ tx_id: accepted.txId });
    await admin.setTransactionStatus(tx!.server_ref, 'needs_more', '请补充户口簿本人页照片');
    await syncNow();
    await row(accepted.localNumber).getByText(q.states.needs_more, { exact: true }).waitFor({ timeout: 15_000 });
    expect(await row(accepted.localNumber).getByTestId('queue-reason').textContent()).toContain('户口簿');
    // 补充材料: a photo of the missing page goes as a new application linked to this one.
    await row(accepted.localNumber).getByRole('button', { name: q.supplement, exact: true }).click();
    await page.getByText(q.supplementCameraHint).waitFor();
    const take = page.getByRole('button', { name: q.takePhoto, exact: true });
    await expect.poll(() => take.isEnabled(), { timeout: 15_000 }).toBe(true);
    await take.click();
    const message = page.getByTestId('queue-message');
    await message.waitFor();
    const supplement = /(\d{4}-\d{4}-\d{4})/.exec((await message.textContent()) ?? '')![1]!;
    expect(await message.textContent()).toBe(q.supplemented(supplement));
    await syncNow();
    const linked = await platformTxIdOf(supplement);
    const [sent] = await admin.listTransactions({ tx_id: linked!, include_payload: true });
    expect(sent).toMatchObject({ depends_on: accepted.txId, payload: { supplements: accepted.txId } });
    expect(sent!.attachments).toHaveLength(1);
    await admin.setTransactionStatus(tx!.server_ref, 'in_progress', null);
    await syncNow();
    await row(accepted.localNumber).getByText(q.states.in_progress, { exact: true }).waitFor({ timeout: 15_000 });
  });

  it('corrects the rejected item: a wrong value is refused, the right one saved as a new application', async () => {
    await row(rejected.localNumber).getByRole('button', { name: q.correct, exact: true }).click();
    await page.getByText(q.correctionHint).waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('联系电话');
    await page.getByRole('button', { name: '联系电话：13800001234' }).click();
    await page.getByTestId('correction-phone-key-clear').click();
    for (const d of '1380') await page.getByTestId(`correction-phone-key-${d}`).click();
    await page.getByRole('button', { name: q.submit, exact: true }).click();
    await page.getByTestId('correction-error').waitFor();
    await page.getByText(q.correctionTitle, { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${img}agent-queue-2-correction.png`, fullPage: true });
    await page.getByTestId('correction-phone-key-clear').click();
    for (const d of '13912345678') await page.getByTestId(`correction-phone-key-${d}`).click();
    await page.getByRole('button', { name: q.submit, exact: true }).click();
    const message = page.getByTestId('queue-message');
    await message.waitFor();
    const shown = (await message.textContent()) ?? '';
    corrected = /(\d{4}-\d{4}-\d{4})/.exec(shown)![1]!;
    expect(shown).toBe(q.resubmitted(corrected));
    const receipt = await lastReceipt('correction');
    expect(receipt.codes).toEqual([`QR-Code:CZR1:${corrected}`]);
    expect(receipt.text).toContain('刘*办');
    await syncNow();
    await row(corrected).getByText(q.states.accepted, { exact: true }).waitFor({ timeout: 15_000 });
    expect(await row(rejected.localNumber).getByText(q.corrected).count()).toBe(1);
    const [tx] = await admin.listTransactions({ tx_id: (await platformTxIdOf(corrected))!, include_payload: true });
    expect(tx).toMatchObject({ payload: { supersedes: rejected.txId } });
  });

  it('reprints a receipt, marked 补打', async () => {
    await row(accepted.localNumber).getByRole('button', { name: q.reprint, exact: true }).click();
    await page.getByText(q.reprinted, { exact: true }).waitFor();
    const receipt = await lastReceipt('reprint');
    expect(receipt.text).toContain('补打');
    expect(receipt.codes).toEqual([`QR-Code:CZR1:${accepted.localNumber}`]);
  });

  it('closes the day with a chart and a printed summary; the closed day takes no new application', async () => {
    // The villager of the accepted application rates it 不满意 (办理时间太长) with the card on the reader.
    await placeCard('resident-long-term');
    await cardRead();
    const rated = await host.api.invoke('evaluation.submit', {
      localNumber: accepted.localNumber,
      level: 2,
      reasons: ['slow'],
    });
    expect(rated).toMatchObject({ ok: true, value: { alreadyRated: false } });
    await host.api.invoke('demo.removeCard', {});
    await page.getByRole('button', { name: zhCN.agent.toMenu, exact: true }).click();
    await page.getByRole('button', { name: new RegExp(dc.menuLabel) }).click();
    await page.getByRole('button', { name: dc.station, exact: true }).click();
    await page.getByText(dc.total(4), { exact: true }).waitFor();
    await page.locator('[data-testid="day-chart"] canvas').waitFor();
    expect(await page.getByTestId('day-evaluations').textContent()).toContain('1 条');
    const levels = (await page.getByTestId('day-evaluation-levels').textContent()) ?? '';
    expect(levels).toContain('非常满意0满意0一般0不满意1非常不满意0');
    expect(await page.getByTestId('day-evaluation-reasons').textContent()).toContain('办理时间太长 1 条');
    await page.screenshot({ path: `${img}agent-queue-3-day-close.png`, fullPage: true });
    await page.getByRole('button', { name: dc.close, exact: true }).click();
    await page.getByText(dc.confirm).waitFor();
    await page.getByRole('button', { name: dc.confirmYes, exact: true }).click();
    const message = page.getByTestId('day-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/已日结/);
    const receipt = await lastReceipt('day-close');
    expect(receipt.text).toContain('日结汇总');
    expect(receipt.text).toContain('共 4 件');
    // The slip wraps long lines at its width: compare without the line breaks and spaces.
    const slip = receipt.text.replace(/\s+/g, '');
    expect(slip).toContain('好差评：共1条（非常满意0，满意0，一般0，不满意1，非常不满意0）');
    expect(slip).toContain('不满意的主要原因：办理时间太长1');
    expect(receipt.codes).toHaveLength(1);
    expect(receipt.codes[0]).toMatch(/^QR-Code:CZRJ:\d{4}-\d{2}-\d{2}:\*:[0-9a-f]{32}$/);
    await page.screenshot({ path: `${img}agent-queue-4-closed.png`, fullPage: true });

    await placeCard('resident-long-term');
    await cardRead();
    const refused = await host.api.invoke('tx.submit', {
      serviceCode: 'YL-RZ',
      values: { phone: '13912345678', residence_status: 'home', photo_taken: true },
      requestId: crypto.randomUUID(),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'day_closed' } });
    expect(errors).toEqual([]);
  });

  it('left every agent action in an audit chain that verifies (npm run audit -- verify)', () => {
    const out: string[] = [];
    const code = runAuditCli(
      ['verify'],
      { out: (l) => out.push(l), err: (l) => out.push(l) },
      {
        CUNZHAN_DATA_DIR: terminal.dataDir,
      },
    );
    expect(code, out.join('\n')).toBe(0);
    const db = new Database(join(terminal.dataDir, 'cunzhan.db'), { readonly: true });
    try {
      const actions = (
        db.prepare("SELECT DISTINCT action FROM audit_log WHERE actor_role = 'agent'").all() as { action: string }[]
      ).map((r) => r.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'agent.sign_in',
          'correction.open',
          'correction.resubmit',
          'correction.supplement',
          'receipt.print',
          'receipt.reprint',
          'day.close',
        ]),
      );
    } finally {
      db.close();
    }
  });

  it('the platform accepted the audit blocks: its head is the terminal’s entry, nothing flagged', async () => {
    const db = new Database(join(terminal.dataDir, 'cunzhan.db'), { readonly: true });
    const entryAt = (index: number) =>
      db.prepare('SELECT entry_index, action, hash FROM audit_log WHERE entry_index = ?').get(index) as
        { entry_index: number; action: string; hash: string } | undefined;
    try {
      const dayClose = db
        .prepare("SELECT entry_index FROM audit_log WHERE action = 'day.close.evaluations' ORDER BY entry_index")
        .get() as { entry_index: number };
      const [tx] = await admin.listTransactions({ tx_id: accepted.txId });
      const deviceId = tx!.device_id;
      // Entries wait at most a minute before they are sealed into a block; sync until the platform
      // has accepted the block holding the day close (and every entry before it).
      const accepted_ = async () => {
        await syncNow();
        return ((await admin.auditChain(deviceId)).head?.last_index ?? 0) >= dayClose.entry_index;
      };
      await expect.poll(accepted_, { timeout: 100_000, interval: 5_000 }).toBe(true);
      const chain = await admin.auditChain(deviceId);
      expect(chain.flags).toEqual([]);
      expect(chain.head!.last_hash).toBe(entryAt(chain.head!.last_index)!.hash);
      // Every block the platform holds continues the last one, with the terminal's own hashes.
      const blocks = (await admin.listTransactions({ device_id: deviceId, include_payload: true })).filter(
        (t) => t.kind === 'audit',
      );
      const entries = blocks.flatMap((b) => (b.payload as { entries: { index: number; hash: string }[] }).entries);
      expect(entries.map((e) => e.index)).toEqual(Array.from({ length: chain.head!.last_index }, (_, i) => i + 1));
      for (const e of entries) expect(e.hash).toBe(entryAt(e.index)!.hash);
      // …and the terminal knows its blocks arrived: every audit item up to the head is acknowledged.
      const states = db.prepare("SELECT tx_id, state FROM sync_outbox WHERE kind = 'audit' ORDER BY seq").all() as {
        tx_id: string;
        state: string;
      }[];
      const held = new Set(blocks.map((b) => b.tx_id));
      expect(states.filter((o) => held.has(o.tx_id)).every((o) => o.state === 'acked')).toBe(true);
      expect(held.size).toBe(blocks.length);
    } finally {
      db.close();
    }
  }, 120_000);
});

/** When the terminal saved an application (its own SQLite, read-only). */
function createdAtOf(txId: string): string {
  const db = new Database(join(terminal.dataDir, 'cunzhan.db'), { readonly: true });
  try {
    return (db.prepare('SELECT created_at FROM transactions WHERE tx_id = ?').get(txId) as { created_at: string })
      .created_at;
  } finally {
    db.close();
  }
}

/** The tx_id of a local number, read from the platform's records of this station. */
async function platformTxIdOf(localNumber: string): Promise<string | undefined> {
  const all = await admin.listTransactions({ include_payload: true });
  return all.find((t) => (t.payload as { local_number?: string } | undefined)?.local_number === localNumber)?.tx_id;
}
