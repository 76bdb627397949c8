import { z } from 'zod';
import { txProgressStatusSchema } from './views';

/** 好差评 levels: 5 非常满意 … 1 非常不满意 (protocol 1.1 §3 `evaluation`). */
export const evaluationLevelSchema = z.number().int().min(1).max(5);
export type EvaluationLevel = z.infer<typeof evaluationLevelSchema>;

/** Levels at or below this ask for a reason (protocol 1.1: `reasons` required when `level` ≤ 2). */
export const REASON_REQUIRED_AT_OR_BELOW = 2;

/** Reason codes travel as the catalogue gives them; at most 5 per rating (protocol 1.1). */
export const evaluationReasonCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);
export const MAX_EVALUATION_REASONS = 5;

export const evaluationReasonViewSchema = z.object({ code: evaluationReasonCodeSchema, label: z.string() });
export type EvaluationReasonView = z.infer<typeof evaluationReasonViewSchema>;

/** A rating as saved on this terminal (the first and only one for its application). */
export const evaluationViewSchema = z.object({
  level: evaluationLevelSchema,
  reasons: z.array(evaluationReasonCodeSchema),
  ratedAt: z.string(),
});
export type EvaluationView = z.infer<typeof evaluationViewSchema>;

/** One row of 我的办件: only ever sent for the card in the reader, so the platform's note is included. */
export const myApplicationViewSchema = z.object({
  localNumber: z.string(),
  serviceName: z.string(),
  savedAt: z.string(),
  status: txProgressStatusSchema,
  note: z.string().nullable(),
  rated: z.boolean(),
});
export type MyApplicationView = z.infer<typeof myApplicationViewSchema>;

/** Host event: the platform moved one of the card holder's applications on (`tx_status`). */
export const progressPushedSchema = z.object({
  localNumber: z.string(),
  serviceName: z.string(),
  status: txProgressStatusSchema,
});
export type ProgressPushed = z.infer<typeof progressPushedSchema>;
