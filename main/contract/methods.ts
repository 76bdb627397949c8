import { z } from 'zod';
import { hotlineSchema, printerAddressSchema, regionCodeSchema, stationNameSchema } from '../../rules/station-setup';
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
  noticesViewSchema,
  bundleSummarySchema,
  bundleSubmitResultSchema,
  agentViewSchema,
  foundDeviceSchema,
  selfTestResultSchema,
} from './views';
import {
  evaluationLevelSchema,
  evaluationReasonCodeSchema,
  evaluationReasonViewSchema,
  evaluationViewSchema,
  MAX_EVALUATION_REASONS,
  myApplicationViewSchema,
} from './villager-views';
import { voiceStatusSchema } from './voice-view';
import {
  correctionViewSchema,
  dayCloseScopeSchema,
  dayCloseSummarySchema,
  queuePageSchema,
  queueQuerySchema,
} from './agent-queue-views';

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

/** An image from the agent screens; a socket message is at most 64 KiB, so ≤ 60,000 base64 characters. */
const imageBase64 = z
  .string()
  .min(100)
  .max(60_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);

/**
 * Every KioskApi method: its arguments and its success value. The schemas are both the types
 * and the runtime checks, on both transports.
 */
export const methods = {
  'system.info': { args: empty, result: systemInfoSchema },
  'session.current': { args: empty, result: sessionViewSchema.nullable() },
  'session.end': { args: empty, result: z.object({ ended: z.boolean() }) },
  'catalog.list': {
    args: empty,
    result: z.object({ services: z.array(serviceSummarySchema), bundles: z.array(bundleSummarySchema).optional() }),
  },
  'catalog.form': { args: z.object({ serviceCode }).strict(), result: formViewSchema },
  'tx.submit': {
    args: z
      .object({
        serviceCode,
        values: formValues,
        /** Made by the page per submit screen, so a double tap never saves twice. */
        requestId: z.uuid(),
        /** Fields whose earlier answer (`reuseDisplay`) the villager chose to use: the host fills them in. */
        reuse: z
          .array(z.string().regex(/^[A-Za-z0-9_]{1,64}$/))
          .max(100)
          .optional(),
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
  /** 好差评: the catalogue's reason list for low ratings. */
  'evaluation.reasons': { args: empty, result: z.object({ reasons: z.array(evaluationReasonViewSchema) }) },
  /** The rating already given to the application behind this receipt number, or null. */
  'evaluation.get': {
    args: z.object({ localNumber }).strict(),
    result: z.object({ rating: evaluationViewSchema.nullable() }),
  },
  /** Saves one rating per application; a second try answers the first (`alreadyRated`). */
  'evaluation.submit': {
    args: z
      .object({
        localNumber,
        level: evaluationLevelSchema,
        reasons: z.array(evaluationReasonCodeSchema).max(MAX_EVALUATION_REASONS),
      })
      .strict(),
    result: z.object({ rating: evaluationViewSchema, alreadyRated: z.boolean() }),
  },
  /** 我的办件: every application of the card in the reader at this station, newest first. */
  'myApplications.list': { args: empty, result: z.object({ applications: z.array(myApplicationViewSchema) }) },
  /** 政务公开: the notices current by the platform's time (readable offline once synced). */
  'notices.list': { args: empty, result: noticesViewSchema },
  /** 一件事一次办: the combined form of a bundle (each field once). */
  'catalog.bundleForm': { args: z.object({ bundleCode: serviceCode }).strict(), result: formViewSchema },
  /** Saves every member application of a bundle in one SQLite transaction; one receipt lists them all. */
  'tx.submitBundle': {
    args: z.object({ bundleCode: serviceCode, values: formValues, requestId: z.uuid() }).strict(),
    result: bundleSubmitResultSchema,
  },
  /** 删除我在本机留下的信息: the earlier answers kept for the card in the reader (audited). */
  'person.forget': { args: empty, result: z.object({ erased: z.number().int().nonnegative() }) },
  'voice.status': { args: empty, result: voiceStatusSchema },
  /** Station agents (docs/agent-guide.md): who is signed in on this screen (null: nobody). */
  'agent.current': { args: empty, result: agentViewSchema.nullable() },
  /** Own ID card on the reader + PIN. Any digits reach the service, so a short PIN counts as a wrong one. */
  'agent.signIn': {
    args: z.object({ pin: z.string().regex(/^\d{1,12}$/) }).strict(),
    result: agentViewSchema,
  },
  'agent.signOut': {
    args: z.object({ reason: z.enum(['signed_out', 'idle']).default('signed_out') }).strict(),
    result: z.object({ signedOut: z.boolean() }),
  },
  /** 帮办: the villager's card on the reader, their finger signature (PNG) on the consent screen. */
  'agent.assistSubmit': {
    args: z.object({ serviceCode, values: formValues, requestId: z.uuid(), signaturePngBase64: imageBase64 }).strict(),
    result: submitResultSchema,
  },
  /** The villager refused consent: audited, nothing saved. */
  'agent.consentRefused': {
    args: z.object({ serviceCode }).strict(),
    result: z.object({ discarded: z.literal(true) }),
  },
  /** 代办: one photo (JPEG) of the written authorisation or of the villager's ID card, per call. */
  'agent.stagePhoto': {
    args: z.object({ purpose: z.enum(['authorisation', 'id_card']), jpegBase64: imageBase64 }).strict(),
    result: z.object({ staged: z.array(z.enum(['authorisation', 'id_card'])) }),
  },
  /** 代办: every field typed by the agent (the ID number checked), both photos staged first. */
  'agent.proxySubmit': {
    args: z.object({ serviceCode, values: formValues, requestId: z.uuid() }).strict(),
    result: submitResultSchema,
  },
  /** Agent screens (signed-in agent only): the queue, corrections, reprint, day close (日结). */
  'queue.list': { args: queueQuerySchema, result: queuePageSchema },
  'queue.reprint': { args: z.object({ txId: z.uuid() }).strict(), result: printOutcomeSchema },
  'correction.open': { args: z.object({ txId: z.uuid() }).strict(), result: correctionViewSchema },
  'correction.resubmit': {
    args: z.object({ txId: z.uuid(), values: formValues, requestId: z.uuid() }).strict(),
    result: submitResultSchema,
  },
  /** One photographed or scanned document per call: messages are capped at 64 KiB. */
  'correction.supplement': {
    args: z
      .object({
        txId: z.uuid(),
        mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
        dataBase64: z
          .string()
          .min(4)
          .max(60_000)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/),
        requestId: z.uuid(),
      })
      .strict(),
    result: submitResultSchema,
  },
  'dayclose.summary': {
    args: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), scope: dayCloseScopeSchema }).strict(),
    result: dayCloseSummarySchema,
  },
  'dayclose.close': {
    args: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), scope: dayCloseScopeSchema }).strict(),
    result: z.object({ summary: dayCloseSummarySchema, print: printOutcomeSchema }),
  },
  /** First-run wizard (technician only): find the devices; a network printer only at the address typed. */
  'tech.discover': {
    args: z
      .object({
        printerAddress: printerAddressSchema.optional(),
        serialPorts: z
          .array(z.string().regex(/^\/dev\/[A-Za-z0-9_./:-]{1,200}$/))
          .max(8)
          .optional(),
      })
      .strict(),
    result: z.object({ devices: z.array(foundDeviceSchema) }),
  },
  /** Writes the station details and chosen devices to the configuration file (atomic, audited). */
  'tech.saveSetup': {
    args: z
      .object({
        stationName: stationNameSchema,
        regionCode: regionCodeSchema,
        hotline: hotlineSchema.optional(),
        devices: z
          .object({ idcard: z.unknown().optional(), printer: z.unknown().optional(), scanner: z.unknown().optional() })
          .strict(),
      })
      .strict(),
    result: z.object({ changed: z.array(z.string()), restartNeeded: z.boolean() }),
  },
  /**
   * Restarts the service host so the devices just saved take effect (technician only). Answers
   * first; the page then sees `host.recovering` (Electron) or slower answers (npm start) until the
   * new host serves, and the technician is locked again.
   */
  'tech.restart': {
    args: z.object({}).strict(),
    result: z.object({ restarting: z.literal(true) }),
  },
  'tech.selfTest': {
    /** `camera`: `text` is what this screen's camera decoded; it must be the test receipt's code. */
    args: z
      .object({ test: z.enum(['card', 'print', 'scan', 'camera']), text: z.string().max(4096).optional() })
      .strict(),
    result: selfTestResultSchema,
  },
  /** The diagnostics bundle onto a USB stick mounted under /media (technician only). */
  'tech.diagExport': {
    /** Without `mount`: the first USB stick found under the media root. */
    args: z
      .object({
        mount: z
          .string()
          .regex(/^[^\0]{1,512}$/)
          .optional(),
      })
      .strict(),
    result: z.object({ file: z.string(), redacted: z.number().int().nonnegative() }),
  },
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
