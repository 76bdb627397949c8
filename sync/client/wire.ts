import { z } from 'zod';

/** What the client reads from the platform (protocol §2–§5). Unknown fields are ignored. */
export const itemResultSchema = z.object({
  seq: z.number().int(),
  tx_id: z.string(),
  status: z.enum(['applied', 'duplicate', 'rejected', 'deferred']),
  server_ref: z.string().nullable().default(null),
  code: z.string().nullable().default(null),
  message: z.string().nullable().default(null),
});

export const batchResponseSchema = z.object({
  results: z.array(itemResultSchema),
  applied_through_seq: z.number().int().nullable().optional(),
  server_time: z.string(),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;

export const changeSchema = z.object({
  dataset: z.string(),
  op: z.enum(['upsert', 'delete']),
  key: z.string(),
  value: z.unknown().optional(),
  version: z.number().int(),
});
export type Change = z.infer<typeof changeSchema>;

export const changesResponseSchema = z.object({
  changes: z.array(changeSchema),
  next_cursor: z.string(),
  has_more: z.boolean(),
  server_time: z.string(),
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

export const enrolResponseSchema = z.object({
  device_id: z.string().min(1),
  platform_public_key: z.string().min(1),
  server_time: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;
