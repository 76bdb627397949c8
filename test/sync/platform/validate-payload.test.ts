import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogSeedSchema, PREFILL_SOURCES } from '../../../sync/protocol/wire';
import type { CatalogService, Form } from '../../../sync/protocol/wire';
import {
  isValidIdNumber,
  validateApplicationPayload,
  validateAuditPayload,
  validateBundle,
  validateEvaluationPayload,
  validateHealthPayload,
} from '../../../sync/platform/validate-payload';
import { SYNTHETIC_ID, withCheckDigit } from './helpers';

const seed = CatalogSeedSchema.parse(
  JSON.parse(readFileSync(new URL('../../../seed/catalog.json', import.meta.url), 'utf8')),
);

describe('seed catalogue', () => {
  it('has at least six services, each with an existing form whose patterns compile', () => {
    expect(seed.services.length).toBeGreaterThanOrEqual(6);
    for (const s of seed.services) {
      const form = seed.forms.find((f) => f.id === s.form_id);
      expect(form, s.code).toBeDefined();
      for (const f of form!.fields) {
        if (f.pattern) expect(() => new RegExp(`^(?:${f.pattern})$`, 'u')).not.toThrow();
        if (f.type === 'select' || f.type === 'multiselect')
          expect(f.options?.length, `${form!.id}.${f.key}`).toBeGreaterThan(0);
        if (f.prefill) expect(PREFILL_SOURCES).toContain(f.prefill);
      }
      expect(new Set(form!.fields.map((f) => f.key)).size).toBe(form!.fields.length);
    }
    expect(new Set(seed.services.map((s) => s.code)).size).toBe(seed.services.length);
    const prefills = new Set(seed.forms.flatMap((f) => f.fields.map((x) => x.prefill)));
    for (const p of ['id_card.name', 'id_card.id_number', 'id_card.address', 'id_card.birth_date', 'id_card.gender'])
      expect(prefills).toContain(p);
  });
});

describe('ID numbers (GB 11643)', () => {
  it('checks the check character', () => {
    expect(isValidIdNumber(SYNTHETIC_ID)).toBe(true);
    expect(isValidIdNumber(withCheckDigit('11010519491231002'))).toBe(true);
    const last = SYNTHETIC_ID.at(-1)!;
    expect(isValidIdNumber(SYNTHETIC_ID.slice(0, 17) + (last === '0' ? '1' : '0'))).toBe(false);
    expect(isValidIdNumber('12345')).toBe(false);
  });
});

describe('application payloads', () => {
  const service = seed.services.find((s) => s.code === 'DB-SQ') as CatalogService;
  const form = seed.forms.find((f) => f.id === service.form_id) as Form;
  const good = {
    mode: 'proxy',
    fields: {
      applicant_name: '赵桂兰',
      applicant_id_number: SYNTHETIC_ID,
      household_address: '某村 2 组',
      phone: '13800000000',
      household_size: 3,
      monthly_income: 1200,
      reason: '因病致贫',
      hardships: ['illness'],
      consent_check: true,
      extra_key: 'ignored',
    },
  };
  const check = (over: Record<string, unknown>, mode = 'proxy') =>
    validateApplicationPayload(service, form, { mode, fields: { ...good.fields, ...over } });

  it('accepts a complete payload', () => {
    expect(validateApplicationPayload(service, form, good)).toEqual({ ok: true });
  });

  it.each([
    [{ applicant_name: undefined }, 'applicant_name: 必填'],
    [{ applicant_name: '' }, 'applicant_name: 必填'],
    [{ hardships: [] }, null],
    [{ household_size: '3' }, 'household_size: 应为数字'],
    [{ household_size: 0 }, 'household_size: 小于最小值 1'],
    [{ monthly_income: 1e7 }, 'monthly_income: 大于最大值'],
    [{ reason: '穷'.repeat(501) }, 'reason: 超过 500 字'],
    [{ reason: '穷'.repeat(500) }, null],
    [{ hardships: ['lottery'] }, 'hardships: 含不在选项中的值'],
    [{ consent_check: 'yes' }, 'consent_check: 应为是/否'],
    [{ phone: '12345' }, 'phone: 电话号码格式不对'],
    [{ phone: '0731-84123456' }, null],
    [{ applicant_name: 'Zhao' }, 'applicant_name: 格式不符'],
    [{ applicant_id_number: '430121194501010020X' }, 'applicant_id_number'],
  ])('%o → %s', (over, expected) => {
    const r = check(over as Record<string, unknown>);
    if (expected === null) expect(r).toEqual({ ok: true });
    else expect(r.ok === false && r.message).toContain(expected);
  });

  it('checks dates, selects and the proxy rule', () => {
    const gl = seed.services.find((s) => s.code === 'GL-JT') as CatalogService;
    const glForm = seed.forms.find((f) => f.id === gl.form_id) as Form;
    const fields = {
      applicant_name: '钱秀珍',
      applicant_id_number: SYNTHETIC_ID,
      gender: 'female',
      birth_date: '1945-01-01',
      household_address: 'x',
      bank_account: '6217000000000000',
      age_band: '80-89',
    };
    expect(validateApplicationPayload(gl, glForm, { fields })).toEqual({ ok: true });
    expect(validateApplicationPayload(gl, glForm, { fields: { ...fields, birth_date: '1945-02-30' } }).ok).toBe(false);
    expect(validateApplicationPayload(gl, glForm, { fields: { ...fields, gender: '女' } }).ok).toBe(false);
    expect(validateApplicationPayload(gl, glForm, { fields, mode: 'robot' }).ok).toBe(false);
    expect(validateApplicationPayload(gl, glForm, { fields: 'x' }).ok).toBe(false);
    // Values at the top level of the payload are read like `fields`.
    expect(validateApplicationPayload(gl, glForm, { ...fields })).toEqual({ ok: true });
    expect(validateApplicationPayload(gl, glForm, { nofields: 1 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('applicant_name: 必填'),
    });
    const hj = seed.services.find((s) => s.code === 'HJ-ZM') as CatalogService;
    const hjForm = seed.forms.find((f) => f.id === hj.form_id) as Form;
    const hjFields = {
      applicant_name: '钱秀珍',
      applicant_id_number: SYNTHETIC_ID,
      household_address: 'x',
      purpose: 'kinship',
      copies: 1,
    };
    expect(validateApplicationPayload(hj, hjForm, { mode: 'self', fields: hjFields })).toEqual({ ok: true });
    expect(validateApplicationPayload(hj, hjForm, { mode: 'proxy', fields: hjFields })).toEqual({
      ok: false,
      message: '该事项不允许代办',
    });
  });

  it('never puts values in messages', () => {
    const r = check({ applicant_id_number: '110105194912310021', applicant_name: 'Secret Name' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).not.toContain('110105194912310021');
      expect(r.message).not.toContain('Secret');
    }
  });
});

describe('evaluation payloads (protocol 1.1)', () => {
  const reasons = new Set(seed.evaluation_reasons!.map((r) => r.code));

  it('the seed catalogue lists the reason codes', () => {
    expect(reasons.size).toBeGreaterThanOrEqual(5);
    expect(reasons).toContain('slow');
  });

  it('takes level 1–5 with a channel, and reasons from the list', () => {
    expect(validateEvaluationPayload({ level: 5, channel: 'self' }, reasons)).toEqual({ ok: true });
    expect(validateEvaluationPayload({ level: 4, reasons: [], channel: 'agent' }, reasons)).toEqual({ ok: true });
    expect(validateEvaluationPayload({ level: 1, reasons: ['slow', 'attitude'], channel: 'self' }, reasons)).toEqual({
      ok: true,
    });
  });

  it('refuses a level out of 1–5, a missing or unknown channel, and the 1.0 rating shape', () => {
    for (const p of [
      { level: 0, channel: 'self' },
      { level: 6, channel: 'self' },
      { level: 4.5, channel: 'self' },
      { level: 4 },
      { level: 4, channel: 'phone' },
      { rating: 5 },
    ]) {
      expect(validateEvaluationPayload(p, reasons).ok, JSON.stringify(p)).toBe(false);
    }
  });

  it('requires reasons when level ≤ 2, at most 5, each from the catalogue, none repeated', () => {
    expect(validateEvaluationPayload({ level: 2, channel: 'self' }, reasons).ok).toBe(false);
    expect(validateEvaluationPayload({ level: 1, reasons: [], channel: 'agent' }, reasons).ok).toBe(false);
    expect(
      validateEvaluationPayload(
        {
          level: 1,
          reasons: ['slow', 'attitude', 'unclear_guidance', 'repeat_trips', 'extra_materials', 'other'],
          channel: 'self',
        },
        reasons,
      ).ok,
    ).toBe(false);
    const unknown = validateEvaluationPayload({ level: 3, reasons: ['too_hot'], channel: 'self' }, reasons);
    expect(unknown).toMatchObject({ ok: false, message: expect.stringContaining('too_hot') });
    expect(validateEvaluationPayload({ level: 1, reasons: ['slow'], channel: 'self' }, new Set()).ok).toBe(false);
    expect(validateEvaluationPayload({ level: 1, reasons: ['slow', 'slow'], channel: 'self' }, reasons).ok).toBe(false);
  });

  it('refuses free text riding along (it could carry personal data)', () => {
    expect(validateEvaluationPayload({ level: 5, channel: 'self', comment: '李秀英 13800138000' }, reasons).ok).toBe(
      false,
    );
  });
});

const HEALTH = {
  at: '2026-11-22T10:00:00.000+08:00',
  version: '0.9.3',
  uptime_s: 3600,
  devices: { idcard: 'ok', printer: 'paper_out', scanner: 'absent' },
  queue: { pending: 3, oldest_age_s: 120, rejected: 0 },
  disk_free_mb: 2048.5,
  clock_offset_ms: -1520,
};

describe('health payloads (protocol 1.1)', () => {
  it('takes the documented shape, with nulls where nothing is known', () => {
    expect(validateHealthPayload(HEALTH)).toEqual({ ok: true });
    expect(
      validateHealthPayload({
        ...HEALTH,
        devices: {},
        queue: { pending: 0, oldest_age_s: null, rejected: 0 },
        clock_offset_ms: null,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses missing members, unknown devices, negative counts and anything extra', () => {
    const { disk_free_mb: _d, ...noDisk } = HEALTH;
    for (const p of [
      noDisk,
      { ...HEALTH, devices: { ...HEALTH.devices, camera: 'ok' } },
      { ...HEALTH, queue: { ...HEALTH.queue, pending: -1 } },
      { ...HEALTH, uptime_s: '1h' },
      { ...HEALTH, operator: '李秀英' },
      { ...HEALTH, devices: { idcard: '李秀英 430121194501010021' } },
      { ...HEALTH, version: '430121194501010021' },
    ]) {
      const r = validateHealthPayload(p as Record<string, unknown>);
      expect(r.ok, JSON.stringify(p)).toBe(false);
      if (!r.ok) expect(r.message).not.toMatch(/李秀英|430121194501010021/);
    }
  });
});

describe('audit payloads: basic shape only (the chain is checked elsewhere)', () => {
  const entry = {
    index: 0,
    at: '2026-11-22T10:00:00.000+08:00',
    actor: { role: 'agent', id: 'A-001' },
    action: 'application.submit',
    object: 'tx:1',
    result: 'ok',
    prev_hash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  };
  it('passes a well-formed block and refuses a malformed one', () => {
    expect(validateAuditPayload({ from_index: 0, entries: [entry] })).toEqual({ ok: true });
    expect(validateAuditPayload({ from_index: 0, entries: [] }).ok).toBe(false);
    expect(validateAuditPayload({ from_index: 0, entries: [{ ...entry, actor: { role: 'mayor', id: 'x' } }] }).ok).toBe(
      false,
    );
    expect(validateAuditPayload({ from_index: 0, entries: [{ ...entry, hash: 'AB' }] }).ok).toBe(false);
    expect(validateAuditPayload({ entries: [entry] }).ok).toBe(false);
  });
});

describe('一件事 bundle members', () => {
  const bundle = { id: 'B-1', code: 'YJS-CS', members: ['tx-1', 'tx-2'] };
  it('is optional; when present it has id, code and members including this item', () => {
    expect(validateBundle({ fields: {} }, 'tx-1')).toEqual({ ok: true });
    expect(validateBundle({ bundle }, 'tx-2')).toEqual({ ok: true });
    expect(validateBundle({ bundle }, 'tx-3')).toMatchObject({
      ok: false,
      message: expect.stringContaining('members'),
    });
    expect(validateBundle({ bundle: { ...bundle, members: [] } }, 'tx-1').ok).toBe(false);
    expect(validateBundle({ bundle: { ...bundle, members: ['tx-1', 'tx-1'] } }, 'tx-1').ok).toBe(false);
    expect(validateBundle({ bundle: { id: 'B-1', members: ['tx-1'] } }, 'tx-1').ok).toBe(false);
    expect(validateBundle({ bundle: 'B-1' }, 'tx-1').ok).toBe(false);
  });
});
