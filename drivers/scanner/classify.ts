import { z } from 'zod';

/**
 * What a scanned code is, decided from its text alone and never trusted: a receipt code only
 * names a transaction to look up, an enrolment code only pre-fills a form the technician confirms,
 * and a URL is never opened or passed on.
 */

export const RECEIPT_PREFIX = 'CZR1:';
export const ENROLMENT_PREFIX = 'CZE1:';
export const LOCAL_NUMBER = /^[0-9A-Z-]{6,40}$/;

/** Said and shown when a code is not one of ours. */
export const UNKNOWN_CODE_MESSAGE = '无法识别此二维码';

export const ScanClassSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receipt'), localNumber: z.string().regex(LOCAL_NUMBER) }),
  z.object({
    kind: z.literal('enrolment'),
    platform: z.string(),
    code: z.string(),
    regionCode: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    station: z.string().optional(),
    /** Protocol 1.1: lower-case hex SHA-256 of the platform key the terminal must insist on. */
    platformKeySha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  /** Only the host name, for the technician log; the URL itself goes nowhere. */
  z.object({ kind: z.literal('url'), host: z.string().optional() }),
  z.object({ kind: z.literal('digits'), digits: z.string().regex(/^\d+$/) }),
  z.object({ kind: z.literal('unknown') }),
]);
export type ScanClass = z.infer<typeof ScanClassSchema>;

const EnrolmentJson = z.object({
  platform: z.url({ protocol: /^https?$/ }).max(512),
  code: z
    .string()
    .min(4)
    .max(128)
    .regex(/^[\x21-\x7e]+$/),
  region_code: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  station: z.string().min(1).max(64).optional(),
  platform_key_sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
});

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export function classify(text: string): ScanClass {
  if (text.startsWith(RECEIPT_PREFIX)) {
    const localNumber = text.slice(RECEIPT_PREFIX.length);
    return LOCAL_NUMBER.test(localNumber) ? { kind: 'receipt', localNumber } : { kind: 'unknown' };
  }
  if (text.startsWith(ENROLMENT_PREFIX)) return classifyEnrolment(text.slice(ENROLMENT_PREFIX.length));
  if (/^\d{1,64}$/.test(text)) return { kind: 'digits', digits: text };
  const url = classifyUrl(text);
  if (url) return url;
  return { kind: 'unknown' };
}

function classifyEnrolment(body: string): ScanClass {
  if (!BASE64URL.test(body) || body.length > 2048) return { kind: 'unknown' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { kind: 'unknown' };
  }
  const result = EnrolmentJson.safeParse(parsed);
  if (!result.success) return { kind: 'unknown' };
  const { platform, code, region_code: regionCode, station, platform_key_sha256: keyHash } = result.data;
  return {
    kind: 'enrolment',
    platform,
    code,
    ...(regionCode !== undefined ? { regionCode } : {}),
    ...(station !== undefined ? { station } : {}),
    ...(keyHash !== undefined ? { platformKeySha256: keyHash.toLowerCase() } : {}),
  };
}

function classifyUrl(text: string): ScanClass | null {
  // "scheme://…" (http, https, weixin, alipays …), the common schemes without "//", or a bare www. name.
  if (
    !/^[a-z][a-z0-9+.-]{1,15}:\/\//i.test(text) &&
    !/^(mailto|tel|sms|smsto|geo|market):/i.test(text) &&
    !/^www\./i.test(text)
  )
    return null;
  try {
    const host = new URL(/^www\./i.test(text) ? `http://${text}` : text).hostname;
    return host ? { kind: 'url', host } : { kind: 'url' };
  } catch {
    return { kind: 'url' };
  }
}
