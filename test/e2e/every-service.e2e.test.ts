import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import type { FormField } from '../../main/services/catalog-schema';
import { fieldView } from '../../main/services/form-view';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { STEP_GUARD_MS } from '../../renderer/villager/controller';
import { withCheckCharacter } from '../../rules/citizen-id';
import { fieldProblemMessage } from '../../rules/field-messages';
import { fieldRule, type FieldProblem } from '../../rules/field-rules';
import { launchKioskPage } from './helpers/browser';
import { seedServices } from './helpers/catalog';
import { savedApplication } from './helpers/saved-application';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * Every service of the seed catalogue, completed on screen the way a villager does it: card on the
 * simulated reader, the service picked by its name, every asked field answered by pressing the
 * buttons whose Chinese labels are on screen, review, 确认提交, then the saved row opened with the
 * host's own store code. On the way, each field that can be answered wrongly is first answered
 * wrongly, and the message must appear on that field's step. Screenshots: artifacts/e2e/every-service-*.png.
 */
const card = SAMPLE_CARDS[0]!;
const BANK_ACCOUNT = '6217002870012345678';
const services = seedServices();
const shots = new URL('../../artifacts/e2e/', import.meta.url).pathname;

/** Realistic answers for the fields the keypad/keyboard cannot guess; a new seed field must be added here. */
const TYPED_ANSWERS: Readonly<Record<string, string>> = {
  bank_account: BANK_ACCOUNT,
  // 第二代残疾人证号: the holder's ID number and two digits (category and grade).
  disability_cert_no: `${withCheckCharacter('43012119480315001')}11`,
  contract_no: 'HN2024A0015',
  household_head_name: '孙小东',
  reason: '老弱病残种养困难',
  purpose_detail: '打工',
};

/** What to press: characters on the keypad/keyboard, or buttons by their label. */
interface Entry {
  readonly keys?: string;
  readonly picks?: readonly string[];
}
interface Answer extends Entry {
  /** The value the host must have saved. */
  readonly saved: unknown;
}
interface WrongInput extends Entry {
  readonly problem: FieldProblem;
  /** A phrase the villager must read in the message. */
  readonly says: string;
}

function typedAnswer(f: FormField): Answer {
  const v = TYPED_ANSWERS[f.key];
  if (v === undefined) throw new Error(`no realistic answer for seed field ${f.key}: add one to TYPED_ANSWERS`);
  return { keys: v, saved: v };
}

function rightAnswer(f: FormField): Answer {
  switch (fieldView(f).type) {
    case 'phone':
      return { keys: '13800138000', saved: '13800138000' };
    case 'id_number': {
      const id = withCheckCharacter('52263419791102002');
      return { keys: id, saved: id };
    }
    case 'date':
      return { keys: '19480315', saved: '1948-03-15' };
    case 'number': {
      const n = Math.min((f.min ?? 0) + 2, f.max ?? Number.MAX_SAFE_INTEGER);
      return { keys: String(n), saved: n };
    }
    case 'select': {
      const o = f.options!.at(-1)!;
      return { picks: [o.label], saved: o.value };
    }
    case 'multiselect': {
      const os = f.options!.slice(0, 2);
      return { picks: os.map((o) => o.label), saved: os.map((o) => o.value) };
    }
    case 'checkbox':
      return { picks: [zhCN.form.yes], saved: true };
    default:
      return typedAnswer(f);
  }
}

/** The typical slip for the field's type, or null when the screen offers no way to get it wrong. */
function wrongInput(f: FormField, right: Answer): WrongInput | null {
  switch (fieldView(f).type) {
    case 'phone':
      return { keys: '12800138000', problem: 'phone', says: '手机号码' };
    case 'digits':
      // A short bank account / certificate number: the first 8 characters only.
      return {
        keys: right.keys!.slice(0, 8),
        problem: 'pattern',
        says: f.key === 'bank_account' ? '应为12到19位数字' : '格式不对',
      };
    case 'id_number': {
      const id = right.keys!;
      return { keys: id.slice(0, 17) + (id[17] === '0' ? '1' : '0'), problem: 'id_number', says: '请核对' };
    }
    case 'date':
      return { keys: '20230229', problem: 'date', says: '不是有效的日期' };
    case 'number':
      if (f.max !== undefined) return { keys: String(f.max + 1), problem: 'too_large', says: `不能大于${f.max}` };
      return f.min !== undefined && f.min > 0
        ? { keys: String(f.min - 1), problem: 'too_small', says: `不能小于${f.min}` }
        : null;
    case 'select':
    case 'multiselect':
      return f.required ? { picks: [], problem: 'required', says: '请选择' } : null;
    case 'checkbox':
      return f.required ? { picks: [zhCN.form.no], problem: 'consent', says: '需要选“是”' } : null;
    default:
      if (f.pattern !== undefined) return { keys: right.keys!.slice(0, 3), problem: 'pattern', says: '格式不对' };
      return f.required ? { keys: '', problem: 'required', says: '请填写' } : null;
  }
}

let terminal: RunningTerminal;
let browser: Browser;
let page: Page;
let errors: string[];
let host: Awaited<ReturnType<typeof connectFromNode>>;
let shotNo = 0;

async function shot(name: string): Promise<void> {
  shotNo += 1;
  await page.screenshot({ path: `${shots}every-service-${String(shotNo).padStart(2, '0')}-${name}.png` });
}

const button = (name: string) => page.getByRole('button', { name, exact: true });

async function heading(): Promise<string> {
  return page.getByRole('heading', { level: 1 }).innerText();
}

/** Presses the characters on the numeric keypad, or on the text keyboard (switching 汉字/字母数字 pages as needed). */
async function type(f: FormField, keys: string): Promise<void> {
  const onKeyboard = f.type === 'textarea' || fieldView(f).type === 'text';
  for (const ch of keys) {
    if (onKeyboard && (await button(ch).count()) === 0) {
      const other = (await button(zhCN.form.latinKeys).count()) > 0 ? zhCN.form.latinKeys : zhCN.form.hanKeys;
      await button(other).click();
    }
    await button(ch).click();
  }
}

async function enter(f: FormField, e: Entry): Promise<void> {
  if (e.keys !== undefined) await type(f, e.keys);
  for (const label of e.picks ?? []) await button(label).click();
}

async function answerStep(f: FormField, service: string, firstOfType: Set<string>): Promise<Answer> {
  await expect.poll(heading).toContain(f.label);
  const right = rightAnswer(f);
  const wrong = wrongInput(f, right);
  if (wrong) {
    await enter(f, wrong);
    // Leaving a field unanswered: a villager's second 下一步 right after the first is taken as a double tap.
    if (!wrong.keys && !wrong.picks?.length) await page.waitForTimeout(STEP_GUARD_MS + 100);
    await button(zhCN.common.next).click();
    const message = fieldProblemMessage(wrong.problem, fieldRule(fieldView(f)));
    expect(message).toContain(wrong.says);
    await expect.poll(() => page.getByRole('alert').innerText(), { message: `${service} ${f.key}` }).toContain(message);
    // Still on the same field: the villager corrects it there.
    expect(await heading()).toContain(f.label);
    if (firstOfType.has(f.type + (f.pattern ?? ''))) await shot(`${service}-${f.key}-wrong`);
    if (wrong.keys) await button(zhCN.common.clear).click();
  }
  await enter(f, right);
  if (f.key === 'bank_account') {
    // Grouped in fours on screen, kept as typed in the value.
    expect(await page.getByText('6217 0028 7001 2345 678', { exact: true }).isVisible()).toBe(true);
  }
  await expect(page.getByRole('alert').count()).resolves.toBe(0);
  await button(zhCN.common.next).click();
  return right;
}

/** The card off the reader and the home screen showing, whatever the previous test left behind. */
async function startAtHome(): Promise<void> {
  const removed = await host.api.invoke('demo.removeCard', {});
  if (removed.ok && removed.value.removed) await page.waitForTimeout(1_000);
  await host.api.invoke('session.end', {});
  if ((await heading().catch(() => '')) !== zhCN.home.title) {
    await page.goto(terminal.url);
    await page.getByRole('heading', { name: zhCN.home.title }).waitFor();
  }
}

describe('every seeded service, completed on screen (real terminal, Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    buildRenderer();
    terminal = await startTerminal({ CUNZHAN_IDLE_TIMEOUT_SEC: '600' });
    ({ browser, page, errors } = await launchKioskPage());
    host = await connectFromNode(terminal.url);
    await page.goto(terminal.url);
    await page.getByRole('heading', { name: zhCN.home.title }).waitFor();
  });

  afterAll(async () => {
    host?.close();
    await browser?.close();
    await terminal?.stop();
  });

  it('the seed catalogue has services to walk through', () => {
    expect(services.length).toBeGreaterThanOrEqual(7);
  });

  const seenTypes = new Set<string>();
  for (const { service, form } of services) {
    it(`${service.code} ${service.name}: every field answered, wrong inputs refused on their step, saved`, async () => {
      await startAtHome();
      const placed = await host.api.invoke('demo.placeCard', { id: card.id });
      expect(placed).toEqual({ ok: true, value: { placed: true } });
      await expect.poll(heading, { timeout: 15_000 }).toBe(zhCN.services.title);
      await page.getByRole('button', { name: new RegExp(`^${service.name}`) }).click();

      const asked = form.fields.filter((f) => !f.prefill);
      const firstOfType = new Set<string>();
      for (const f of asked) {
        const kind = f.type + (f.pattern ?? '');
        if (!seenTypes.has(kind)) firstOfType.add(kind);
        seenTypes.add(kind);
      }
      const expected: Record<string, unknown> = {};
      for (const f of asked) expected[f.key] = (await answerStep(f, service.code, firstOfType)).saved;

      await expect.poll(heading).toBe(zhCN.review.title);
      const review = await page.locator('body').innerText();
      for (const f of asked) expect(review).toContain(f.label);
      expect(review).not.toContain(BANK_ACCOUNT);
      if ('bank_account' in expected) expect(review).toContain('6217***********5678');
      if ('phone' in expected) expect(review).toContain('138****8000');
      if (service.code === 'CJ-BT') await shot(`${service.code}-review`);
      await button(zhCN.review.submit).click();
      await expect.poll(heading, { timeout: 30_000 }).toBe(zhCN.done.title);
      const localNumber = /受理编号\s*([0-9A-Z-]{6,40})/.exec(await page.locator('body').innerText())?.[1];
      expect(localNumber, 'local number on the done screen').toBeDefined();

      const saved = await savedApplication(terminal.dataDir, localNumber!);
      expect(saved.serviceCode).toBe(service.code);
      expect(saved.payload.form_id).toBe(form.id);
      expect(saved.payload.fields).toMatchObject(expected);
      expect(saved.payload.fields.applicant_id_number).toBe(card.card.idNumber);
      expect(saved.maskedName).not.toBe(card.card.name);

      // The done screen's own 回首页 (the top bar has one too).
      await button(zhCN.common.home).last().click();
      await expect.poll(heading).toBe(zhCN.home.title);
      expect(errors).toEqual([]);
    });
  }

  it('a foreign permanent residence card without 户籍地址: told on the service list, no form opens', async () => {
    await startAtHome();
    const foreign = SAMPLE_CARDS.find((s) => s.id === 'foreign-permanent-2023')!;
    const needsAddress = services.find(({ form }) =>
      form.fields.some((f) => f.prefill === 'id_card.address' && f.required),
    )!;
    expect(await host.api.invoke('demo.placeCard', { id: foreign.id })).toEqual({ ok: true, value: { placed: true } });
    await expect.poll(heading, { timeout: 15_000 }).toBe(zhCN.services.title);
    await page.getByRole('button', { name: new RegExp(`^${needsAddress.service.name}`) }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const said = await alert.innerText();
    expect(said).toContain('户籍地址');
    expect(said).toContain('请找工作人员帮您办理');
    // Tapped far down the list: the reason is brought into view, not left above the fold.
    const box = (await alert.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(await heading()).toBe(zhCN.services.title);
    await shot('foreign-card-refused');
    expect(errors).toEqual([]);
  });
});
