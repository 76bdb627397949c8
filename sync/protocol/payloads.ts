// Payload shapes of the non-application kinds and of 一件事 bundles (protocol 1.1 §3). The
// platform rejects a payload that does not fit (`validation_failed`); a terminal can build its
// payloads against the same schemas.
import { z } from 'zod';
import { EvaluationReasonCode, Id, Rfc3339 } from './wire';

/** 5 = 非常满意 … 1 = 非常不满意; reasons are required (1–5 codes) when level ≤ 2. No free text: it could carry personal data. */
export const EvaluationPayloadSchema = z
  .object({
    level: z.number().int().min(1).max(5),
    reasons: z.array(EvaluationReasonCode).max(5).default([]),
    channel: z.enum(['self', 'agent']),
  })
  .strict()
  .refine((p) => p.level > 2 || p.reasons.length > 0, {
    message: 'level ≤ 2 needs at least one reason',
    path: ['reasons'],
  })
  .refine((p) => new Set(p.reasons).size === p.reasons.length, { message: 'reasons repeat', path: ['reasons'] });
export type EvaluationPayload = z.infer<typeof EvaluationPayloadSchema>;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters');

/**
 * The basic shape of an audit block. Whether the chain verifies (hashes, the link to the last block
 * the platform holds) is decided by the platform's audit-chain check, not here. Actor ids are
 * agent or technician ids, never a villager's ID number.
 */
export const AuditEntrySchema = z.object({
  index: z.number().int().nonnegative(),
  at: Rfc3339,
  actor: z.object({ role: z.enum(['villager', 'agent', 'technician', 'system']), id: z.string().max(128) }),
  action: z.string().min(1).max(128),
  object: z.string().max(256),
  result: z.string().max(128),
  prev_hash: Hex64,
  hash: Hex64,
});
export const AuditPayloadSchema = z.object({
  from_index: z.number().int().nonnegative(),
  entries: z.array(AuditEntrySchema).min(1),
});
export type AuditPayload = z.infer<typeof AuditPayloadSchema>;

/** A run of 11 or more digits looks like a phone or ID number: never in a health report. */
const NoLongDigitRun = (s: string): boolean => !/\d{11,}/.test(s);
const DeviceState = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'state word such as ok / absent / error');

export const HealthPayloadSchema = z
  .object({
    at: Rfc3339,
    version: z.string().min(1).max(64).refine(NoLongDigitRun, 'version looks like personal data'),
    uptime_s: z.number().int().nonnegative(),
    devices: z.object({ idcard: DeviceState, printer: DeviceState, scanner: DeviceState }).partial().strict(),
    queue: z
      .object({
        pending: z.number().int().nonnegative(),
        oldest_age_s: z.number().nonnegative().nullable(),
        rejected: z.number().int().nonnegative(),
      })
      .strict(),
    disk_free_mb: z.number().nonnegative(),
    clock_offset_ms: z.number().int().nullable(),
    /** Protocol 1.1 addition: the outcome of the last remote `config` change (keys and codes only). */
    config: z
      .object({
        version: z.string().regex(/^[0-9a-f]{12}$/),
        outcome: z.enum(['applied', 'refused', 'unchanged']),
        applied: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/)).max(64),
        refused: z
          .array(
            z
              .object({
                key: z.string().regex(/^[a-z?][a-z0-9_]{0,63}$/),
                code: z.enum(['invalid_value', 'not_allowed']),
              })
              .strict(),
          )
          .max(64),
      })
      .strict()
      .optional(),
  })
  .strict();
export type HealthPayload = z.infer<typeof HealthPayloadSchema>;

/** `payload.bundle` of an application that belongs to one 一件事 bundle; each member is applied on its own. */
export const BundleSchema = z
  .object({
    id: Id,
    code: z.string().min(1).max(64),
    members: z.array(Id).min(1).max(50),
  })
  .strict()
  .refine((b) => new Set(b.members).size === b.members.length, { message: 'members repeat', path: ['members'] });
export type Bundle = z.infer<typeof BundleSchema>;
