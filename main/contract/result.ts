import { z } from 'zod';
import type { Result } from '../../rules/result';
import { errorCodeSchema, type ErrorCode } from './error-codes';

export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  /** Plain Chinese: what happened and what the villager (or agent) should do. */
  message: z.string(),
  /** Field-level problems for forms: field id → Chinese message. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** The project's one result shape (rules/result.ts) with the contract's codes and field messages. */
export type ApiResult<T> = Result<T, ErrorCode, ApiError>;

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
