// Checks an application payload against the service's form: required fields present, types,
// options, patterns (whole value), max length (in characters), number bounds, dates, and the GB
// 11643 check digit of ID numbers. Messages name fields, never their values (personal data).
import type { z } from 'zod';
import { AuditPayloadSchema, BundleSchema, EvaluationPayloadSchema, HealthPayloadSchema } from '../protocol/payloads';
import type { CatalogService, Form, FormField } from '../protocol/wire';

export type PayloadCheck = { ok: true } | { ok: false; message: string };

const patternCache = new Map<string, RegExp | null>();
function compiled(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    try {
      patternCache.set(pattern, new RegExp(`^(?:${pattern})$`, 'u'));
    } catch {
      patternCache.set(pattern, null);
    }
  }
  return patternCache.get(pattern) ?? null;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: 17 digits and a check character (0-9 or X). */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function checkField(f: FormField, v: unknown): string | null {
  const options = f.options?.map((o) => o.value);
  switch (f.type) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${f.key}: 应为数字`;
      if (f.min !== undefined && v < f.min) return `${f.key}: 小于最小值 ${f.min}`;
      if (f.max !== undefined && v > f.max) return `${f.key}: 大于最大值 ${f.max}`;
      return null;
    }
    case 'checkbox':
      return typeof v === 'boolean' ? null : `${f.key}: 应为是/否`;
    case 'multiselect': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return `${f.key}: 应为选项列表`;
      if (options && !v.every((x) => options.includes(x as string))) return `${f.key}: 含不在选项中的值`;
      return null;
    }
    default: {
      if (typeof v !== 'string') return `${f.key}: 应为文字`;
      if (f.max_length !== undefined && [...v].length > f.max_length) return `${f.key}: 超过 ${f.max_length} 字`;
      if (f.type === 'select' && options && !options.includes(v)) return `${f.key}: 不在选项中`;
      if (f.type === 'date' && !isValidDate(v)) return `${f.key}: 日期格式应为 YYYY-MM-DD`;
      if (f.type === 'id_number' && !isValidIdNumber(v)) return `${f.key}: 身份证号码校验不通过`;
      if (f.type === 'phone' && !/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(v)) return `${f.key}: 电话号码格式不对`;
      if (f.pattern !== undefined) {
        const re = compiled(f.pattern);
        if (!re || !re.test(v)) return `${f.key}: 格式不符`;
      }
      return null;
    }
  }
}

/** Validates `payload.fields` (or, without it, the payload's own members) against `form`; `payload.mode` "proxy" needs a proxy-allowed service. */
export function validateApplicationPayload(
  service: CatalogService,
  form: Form,
  payload: Record<string, unknown>,
): PayloadCheck {
  // Our terminal puts form values under `fields`; a client that puts them at the top level of the
  // payload is read the same way (the contract does not fix the payload's shape).
  const nested = payload.fields;
  if (nested !== undefined && (typeof nested !== 'object' || nested === null || Array.isArray(nested))) {
    return { ok: false, message: 'payload.fields 不是对象' };
  }
  const fields = nested ?? payload;
  if (payload.mode !== undefined && payload.mode !== 'self' && payload.mode !== 'proxy') {
    return { ok: false, message: 'payload.mode 应为 self 或 proxy' };
  }
  if (payload.mode === 'proxy' && !service.proxy_allowed) {
    return { ok: false, message: '该事项不允许代办' };
  }
  const values = fields as Record<string, unknown>;
  const problems: string[] = [];
  for (const f of form.fields) {
    const v = values[f.key];
    if (isEmpty(v)) {
      if (f.required) problems.push(`${f.key}: 必填`);
      continue;
    }
    const p = checkField(f, v);
    if (p) problems.push(p);
  }
  return problems.length ? { ok: false, message: problems.join('; ') } : { ok: true };
}

function shapeCheck(schema: z.ZodType, payload: unknown, what: string): PayloadCheck {
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true };
  // Paths and rules only: the values may be personal data.
  const problems = r.error.issues.map((i) => `${[what, ...i.path.map(String)].join('.')}: ${i.message}`);
  return { ok: false, message: [...new Set(problems)].slice(0, 5).join('; ') };
}

/**
 * Evaluations (好差评, protocol 1.1): level 1–5, channel self | agent, 1–5 reason codes when level
 * ≤ 2, each from the catalogue's list `reasonCodes` (a platform without a list accepts none).
 */
export function validateEvaluationPayload(
  payload: Record<string, unknown>,
  reasonCodes: ReadonlySet<string>,
): PayloadCheck {
  const shape = shapeCheck(EvaluationPayloadSchema, payload, 'payload');
  if (!shape.ok) return shape;
  const reasons = EvaluationPayloadSchema.parse(payload).reasons;
  const unknown = reasons.filter((r) => !reasonCodes.has(r));
  return unknown.length
    ? { ok: false, message: `payload.reasons: 不在评价原因目录中 (${unknown.join(', ')})` }
    : { ok: true };
}

/** Device and queue health: the exact shape and nothing more, so no personal data can ride along. */
export function validateHealthPayload(payload: Record<string, unknown>): PayloadCheck {
  return shapeCheck(HealthPayloadSchema, payload, 'payload');
}

/** The basic shape of an audit block; the chain itself is verified by the audit-chain check. */
export function validateAuditPayload(payload: Record<string, unknown>): PayloadCheck {
  return shapeCheck(AuditPayloadSchema, payload, 'payload');
}

/** `payload.bundle` (一件事), when present: {id, code, members} with this item among the members. */
export function validateBundle(payload: Record<string, unknown>, txId: string): PayloadCheck {
  if (payload.bundle === undefined) return { ok: true };
  const shape = shapeCheck(BundleSchema, payload.bundle, 'payload.bundle');
  if (!shape.ok) return shape;
  return BundleSchema.parse(payload.bundle).members.includes(txId)
    ? { ok: true }
    : { ok: false, message: 'payload.bundle.members: 不含本事项的 tx_id' };
}
