import { z } from 'zod';
import {
  demoCardSchema,
  demoReceiptSchema,
  devicesViewSchema,
  formViewSchema,
  printOutcomeSchema,
  progressViewSchema,
  scanOutcomeSchema,
  serviceSummarySchema,
  sessionViewSchema,
  submitResultSchema,
  syncStatusViewSchema,
  systemInfoSchema,
  techStatusSchema,
} from './views';

const empty = z.object({}).strict();
const serviceCode = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
const localNumber = z.string().regex(/^[0-9A-Z-]{6,40}$/);
/**
 * Form values entered by the villager: text, option values (multiselect) or yes/no (checkbox).
 * Bounded so a hostile page cannot flood the host.
 */
const formValue = z.union([z.string().max(2000), z.array(z.string().max(200)).max(50), z.boolean()]);
const formValues = z
  .record(z.string().regex(/^[A-Za-z0-9_]{1,64}$/), formValue)
  .refine((v) => Object.keys(v).length <= 100, 'too many fields');

/**
 * Every KioskApi method: its arguments and its success value. The schemas are both the types
 * and the runtime checks, on both transports.
 */
export const methods = {
  'system.info': { args: empty, result: systemInfoSchema },
  'session.current': { args: empty, result: sessionViewSchema.nullable() },
  'session.end': { args: empty, result: z.object({ ended: z.boolean() }) },
  'catalog.list': { args: empty, result: z.object({ services: z.array(serviceSummarySchema) }) },
  'catalog.form': { args: z.object({ serviceCode }).strict(), result: formViewSchema },
  'tx.submit': {
    args: z
      .object({
        serviceCode,
        values: formValues,
        /** Made by the page per submit screen, so a double tap never saves twice. */
        requestId: z.uuid(),
      })
      .strict(),
    result: submitResultSchema,
  },
  'tx.progress': { args: z.object({ localNumber }).strict(), result: progressViewSchema },
  'tx.reprint': { args: z.object({ localNumber }).strict(), result: printOutcomeSchema },
  'scan.submit': {
    args: z
      .object({
        source: z.literal('camera'),
        text: z.string().max(4096).optional(),
        bytesBase64: z
          .string()
          .max(8192)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/)
          .optional(),
      })
      .strict()
      .refine((a) => a.text !== undefined || a.bytesBase64 !== undefined, 'text or bytesBase64'),
    result: scanOutcomeSchema,
  },
  'devices.status': { args: empty, result: devicesViewSchema },
  'sync.status': { args: empty, result: syncStatusViewSchema },
  /** Technician screen: unlocked with the station's technician PIN, locked again on leaving. */
  /** Any digits reach the service, so a too-short PIN is counted and audited as a wrong one (PINs are 6–12 digits). */
  'tech.unlock': {
    args: z.object({ pin: z.string().regex(/^\d{1,12}$/) }).strict(),
    result: z.object({ unlocked: z.literal(true) }),
  },
  'tech.lock': { args: empty, result: z.object({ locked: z.literal(true) }) },
  'tech.status': { args: empty, result: techStatusSchema },
  'tech.enrol': {
    args: z
      .object({
        platform: z.string().url().max(512),
        code: z
          .string()
          .min(4)
          .max(128)
          .regex(/^[\x21-\x7e]+$/),
        regionCode: z.string().regex(/^\d{12}$/),
        stationName: z.string().min(1).max(64),
        /** From the enrolment QR: the platform key to insist on (protocol 1.1). */
        platformKeySha256: z
          .string()
          .regex(/^[0-9a-fA-F]{64}$/)
          .optional(),
      })
      .strict(),
    result: z.object({ deviceId: z.string(), platform: z.string() }),
  },
  'tech.syncNow': {
    args: empty,
    result: z.object({
      ok: z.boolean(),
      acked: z.number().int(),
      rejected: z.number().int(),
      message: z.string().nullable(),
    }),
  },
  'demo.cards': { args: empty, result: z.object({ cards: z.array(demoCardSchema) }) },
  'demo.placeCard': { args: z.object({ id: z.string().max(64) }).strict(), result: z.object({ placed: z.boolean() }) },
  'demo.removeCard': { args: empty, result: z.object({ removed: z.boolean() }) },
  'demo.scan': { args: z.object({ text: z.string().max(4096) }).strict(), result: z.object({ scanned: z.boolean() }) },
  'demo.lastReceipt': { args: empty, result: demoReceiptSchema.nullable() },
  /**
   * The host renders a prompt to audio and answers the same-origin URL to play (`/speech/<key>.wav`);
   * `url: null` when the host cannot speak (no espeak-ng): the page then uses speechSynthesis.
   */
  'voice.prepare': {
    args: z.object({ text: z.string().min(1).max(300) }).strict(),
    result: z.object({
      url: z
        .string()
        .regex(/^\/speech\/[0-9a-f]{64}\.wav$/)
        .nullable(),
    }),
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
export type ParsedArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.infer<Methods[M]['result']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
