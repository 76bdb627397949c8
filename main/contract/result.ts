import { z } from 'zod';
import { errorCodeSchema } from './error-codes';

export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  /** Plain Chinese: what happened and what the villager (or agent) should do. */
  message: z.string(),
  /** Field-level problems for forms: field id → Chinese message. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function apiResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: apiErrorSchema }),
  ]);
}

export function success<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function failure(code: ApiError['code'], message: string, fields?: Record<string, string>): ApiResult<never> {
  return fields ? { ok: false, error: { code, message, fields } } : { ok: false, error: { code, message } };
}
