import { z } from 'zod';
import { formFieldViewSchema, txProgressStatusSchema } from './views';

/** The agent's queue, corrections and day close (日结): what the agent screens may see. */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const queueCursorSchema = z.object({ createdAt: z.string().max(40), txId: z.uuid() }).strict();
export type QueueCursor = z.infer<typeof queueCursorSchema>;

export const queueQuerySchema = z
  .object({
    state: txProgressStatusSchema.optional(),
    serviceCode: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .optional(),
    day: day.optional(),
    agentId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .optional(),
    /** A receipt number as typed or scanned (with or without dashes). */
    receiptNumber: z
      .string()
      .regex(/^[0-9A-Z-]{6,40}$/)
      .optional(),
    /** Only the applications of the villager whose card is on the reader (blind index, never a typed name). */
    byCard: z.boolean().optional(),
    before: queueCursorSchema.optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const queueItemSchema = z.object({
  txId: z.string(),
  localNumber: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  state: txProgressStatusSchema,
  createdAt: z.string(),
  day: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  /** Masked unless `unmasked` (the villager's own card is on the reader). */
  name: z.string(),
  idNumber: z.string(),
  unmasked: z.boolean(),
  platformNumber: z.string().nullable(),
  /** The platform's reason (rejected) or note (needs_more, refused…) in plain Chinese. */
  reason: z.string().nullable(),
  supersedes: z.string().nullable(),
  supplements: z.string().nullable(),
  /** Set when a later correction already replaced this rejected item. */
  correctedBy: z.string().nullable(),
  reprints: z.number().int(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queuePageSchema = z.object({
  items: z.array(queueItemSchema),
  next: queueCursorSchema.nullable(),
});
export type QueuePage = z.infer<typeof queuePageSchema>;

export const dayCloseScopeSchema = z.enum(['agent', 'station']);
export type DayCloseScope = z.infer<typeof dayCloseScopeSchema>;

export const dayCloseSummarySchema = z.object({
  day: z.string(),
  /** An agent id, or '*' for the whole station. */
  agentKey: z.string(),
  total: z.number().int(),
  byService: z.array(
    z.object({
      serviceCode: z.string(),
      serviceName: z.string(),
      total: z.number().int(),
      byState: z.record(z.string(), z.number().int()),
    }),
  ),
  byState: z.record(z.string(), z.number().int()),
  /** Applications saved per hour of the day (0–23), for the chart. */
  perHour: z.array(z.number().int()).length(24),
  evaluations: z.object({
    count: z.number().int(),
    /** Plain Chinese: where the figure comes from (0 when this terminal holds no evaluations). */
    note: z.string(),
    /** Ratings given on the day, one row per level 5 (非常满意) … 1 (非常不满意), zeros included. */
    byLevel: z.array(z.object({ level: z.number().int(), count: z.number().int() })).default([]),
    /** The most chosen reasons of low ratings, most first (codes and the catalogue's words). */
    topReasons: z.array(z.object({ code: z.string(), label: z.string(), count: z.number().int() })).default([]),
  }),
  backlog: z.object({
    count: z.number().int(),
    oldest: z.object({ localNumber: z.string(), createdAt: z.string() }).nullable(),
  }),
  closed: z.object({ closedAt: z.string(), summarySha256: z.string() }).nullable(),
});
export type DayCloseSummary = z.infer<typeof dayCloseSummarySchema>;

export const correctionViewSchema = z.object({
  txId: z.string(),
  localNumber: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  reason: z.string(),
  /** The fields the agent may change (those not taken from the ID card), as the form shows them. */
  fields: z.array(formFieldViewSchema),
  /** The rejected values of the fields the agent may change (card-prefilled fields stay as they were). */
  values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])),
});
export type CorrectionView = z.infer<typeof correctionViewSchema>;

export const queueChangedSchema = z.object({
  changes: z.array(z.object({ txId: z.string(), state: txProgressStatusSchema })),
});
export type QueueChanged = z.infer<typeof queueChangedSchema>;
