// Checks an application payload against the service's form: required fields present, types,
// options, patterns (whole value), max length (in characters), number bounds, dates, and the GB
// 11643 check digit of ID numbers. Messages name fields, never their values (personal data).
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

/** Validates `payload.fields` against `form`; `payload.mode` "proxy" needs a proxy-allowed service. */
export function validateApplicationPayload(service: CatalogService, form: Form, payload: Record<string, unknown>): PayloadCheck {
  const fields = payload.fields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { ok: false, message: 'payload.fields 缺失或不是对象' };
  }
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

/** Evaluations (好差评): rating 1–5, optional comment of at most 200 characters. */
export function validateEvaluationPayload(payload: Record<string, unknown>): PayloadCheck {
  const r = payload.rating;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 5) return { ok: false, message: 'rating 应为 1–5 的整数' };
  if (payload.comment !== undefined && (typeof payload.comment !== 'string' || [...payload.comment].length > 200)) {
    return { ok: false, message: 'comment 应为不超过 200 字的文字' };
  }
  return { ok: true };
}
