import { z } from 'zod';

/**
 * Messages on the utilityProcess parent port. One port carries two conversations, so every
 * message names its channel: `api` wraps KioskApi wire messages, `key` asks Electron main to
 * wrap or unwrap the data key with safeStorage (which exists only in the main process).
 */
export const keyOpSchema = z.enum(['wrap', 'unwrap']);
export type KeyOp = z.infer<typeof keyOpSchema>;

const base64 = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** Utility process → Electron main. */
export const childMessageSchema = z.discriminatedUnion('ch', [
  z.object({ ch: z.literal('api'), m: z.unknown() }),
  z.object({ ch: z.literal('ready') }),
  z.object({ ch: z.literal('key'), id: z.number().int().nonnegative(), op: keyOpSchema, data: base64 }),
  z.object({ ch: z.literal('refused'), code: z.enum(['keystore_plaintext', 'data_folder_insecure']) }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

export const keyFailureCodes = ['keystore_unavailable', 'keystore_failed'] as const;

/** Why a host refuses to start; main shows it on the screen instead of a bare 系统正在恢复. */
export const startRefusalCodes = ['keystore_plaintext', 'data_folder_insecure'] as const;
export type StartRefusal = (typeof startRefusalCodes)[number];

/** Electron main → utility process. */
export const parentMessageSchema = z.discriminatedUnion('ch', [
  z.object({ ch: z.literal('api'), m: z.unknown() }),
  z.object({
    ch: z.literal('key-reply'),
    id: z.number().int().nonnegative(),
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), data: base64, backend: z.string().max(64) }),
      z.object({ ok: z.literal(false), code: z.enum(keyFailureCodes) }),
    ]),
  }),
  z.object({ ch: z.literal('shutdown') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;
export type KeyReply = Extract<ParentMessage, { ch: 'key-reply' }>['result'];
