import { z } from 'zod';
import { voiceStatusSchema } from './voice-view';

/** Views are what the renderer may see: masked personal data only. */

export const deviceStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('disconnected') }),
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('busy') }),
  z.object({ state: z.literal('fault'), code: z.string(), message: z.string() }),
]);
export type DeviceState = z.infer<typeof deviceStateSchema>;

export const deviceNameSchema = z.enum(['idcard', 'printer', 'scanner']);
export type DeviceName = z.infer<typeof deviceNameSchema>;

export const devicesViewSchema = z.object({
  idcard: deviceStateSchema,
  printer: deviceStateSchema,
  scanner: deviceStateSchema,
});
export type DevicesView = z.infer<typeof devicesViewSchema>;

export const systemInfoSchema = z.object({
  stationName: z.string(),
  version: z.string(),
  demo: z.boolean(),
  /** `provisioning`: no configuration yet, only the technician path is open (every villager call is refused). */
  mode: z.enum(['demo', 'provisioning', 'station']),
  idleTimeoutSec: z.number().int().positive(),
  countdownSec: z.number().int().positive(),
  hotline: z.string(),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const sessionViewSchema = z.object({
  sessionId: z.string(),
  /** Masked for the screen, e.g. 张*丰. */
  maskedName: z.string(),
  maskedIdNumber: z.string(),
  /** 先生 / 女士 / '' — for a polite greeting. */
  honorific: z.string(),
  cardType: z.string(),
  warnings: z.array(z.string()),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const serviceSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  offlineAllowed: z.boolean(),
  materials: z.array(z.string()),
  timeLimitDays: z.number().int().nullable(),
  proxyAllowed: z.boolean(),
  fee: z.string().nullable(),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

/**
 * How a field is entered on the kiosk (no OS keyboard): `digits`/`id_number`/`phone`/`number`/`date`
 * on the numeric keypad (`id_number` and `digits` may end in X), `select`/`multiselect`/`checkbox`
 * as big buttons, `text`/`textarea` on the on-screen keyboard.
 */
export const fieldTypeSchema = z.enum([
  'text',
  'textarea',
  'digits',
  'id_number',
  'phone',
  'date',
  'select',
  'multiselect',
  'checkbox',
  'number',
]);
export type FieldType = z.infer<typeof fieldTypeSchema>;

export const formFieldViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  type: fieldTypeSchema,
  required: z.boolean(),
  /** For select/multiselect: send `value`, show `label`. */
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  maxLength: z.number().int().positive().optional(),
  /** The catalogue's pattern, so the screen applies exactly the host's rules (rules/field-rules.ts). */
  pattern: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Present when the value comes from the ID card: shown (masked where personal), not asked. */
  prefilledDisplay: z.string().optional(),
  hint: z.string().optional(),
  /** 数据最多采一次: this person's earlier answer, masked, offered with 使用上次填写的 (only with their card). */
  reuseDisplay: z.string().optional(),
});
export type FormFieldView = z.infer<typeof formFieldViewSchema>;

export const formViewSchema = z.object({
  serviceCode: z.string(),
  serviceName: z.string(),
  formId: z.string(),
  version: z.number().int(),
  fields: z.array(formFieldViewSchema),
  /** A 一件事 bundle's combined form: the member services' names (submit with `tx.submitBundle`). */
  bundleServices: z.array(z.string()).optional(),
});
export type FormView = z.infer<typeof formViewSchema>;

export const printOutcomeSchema = z.discriminatedUnion('printed', [
  z.object({ printed: z.literal(true) }),
  z.object({ printed: z.literal(false), code: z.string(), message: z.string() }),
]);
export type PrintOutcome = z.infer<typeof printOutcomeSchema>;

export const submitResultSchema = z.object({
  txId: z.string(),
  localNumber: z.string(),
  savedAt: z.string(),
  print: printOutcomeSchema,
});
export type SubmitResult = z.infer<typeof submitResultSchema>;

export const txProgressStatusSchema = z.enum([
  'saved_offline',
  'sending',
  'accepted',
  'in_progress',
  'needs_more',
  'completed',
  'refused',
  'rejected',
]);
export type TxProgressStatus = z.infer<typeof txProgressStatusSchema>;

export const progressViewSchema = z.object({
  localNumber: z.string(),
  platformNumber: z.string().nullable(),
  serviceName: z.string(),
  savedAt: z.string(),
  status: txProgressStatusSchema,
  note: z.string().nullable(),
  /** Null with the note when `detailsHidden`. */
  maskedIdNumber: z.string().nullable(),
  /** True for a guessable (legacy) number without the applicant's card: status only. */
  detailsHidden: z.boolean(),
  /** Present for a member of a 一件事 bundle (the whole bundle is on one receipt). */
  bundle: z.lazy(() => bundleProgressSchema).optional(),
});
export type ProgressView = z.infer<typeof progressViewSchema>;

export const scanOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receipt'), localNumber: z.string() }),
  z.object({
    kind: z.literal('enrolment'),
    platform: z.string(),
    code: z.string(),
    regionCode: z.string().optional(),
    station: z.string().optional(),
    platformKeySha256: z.string().optional(),
  }),
  z.object({ kind: z.literal('unrecognised'), message: z.string() }),
]);
export type ScanOutcome = z.infer<typeof scanOutcomeSchema>;

export const syncStatusViewSchema = z.object({
  link: z.enum(['up', 'down', 'unknown', 'not_enrolled', 'unauthorized']),
  pending: z.number().int(),
  inflight: z.number().int(),
  deferred: z.number().int(),
  rejected: z.number().int(),
  acked: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type SyncStatusView = z.infer<typeof syncStatusViewSchema>;

export const demoCardSchema = z.object({ id: z.string(), label: z.string() });
export const demoReceiptSchema = z.object({ transcript: z.string(), pngBase64: z.string().nullable() });

export const techStatusSchema = z.object({
  enrolled: z.boolean(),
  deviceId: z.string().nullable(),
  platform: z.string().nullable(),
  stationName: z.string(),
  regionCode: z.string(),
  sync: syncStatusViewSchema,
  devices: devicesViewSchema,
  /** Platform − device clock (ms, null until measured this boot); `warning` beyond five minutes. */
  clock: z.object({ offsetMs: z.number().nullable(), warning: z.boolean() }),
  /** Push-to-talk: off, ready, or the model folder's problem with its fix (voice.modelPath). */
  voice: voiceStatusSchema,
  /** Rejected applications with the platform's reason, for the station agent to fix. */
  rejected: z.array(
    z.object({
      localNumber: z.string().nullable(),
      serviceCode: z.string().nullable(),
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});
export type TechStatus = z.infer<typeof techStatusSchema>;

/** A 政务公开 notice as the station screen shows it (public text, no personal data). */
export const noticeViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  /** The platform marked it important: a banner on the home screen. */
  urgent: z.boolean(),
  publishedAt: z.string(),
});
export type NoticeView = z.infer<typeof noticeViewSchema>;

/** The current notices by the platform's time, urgent first, then newest first. */
export const noticesViewSchema = z.object({ notices: z.array(noticeViewSchema) });
export type NoticesView = z.infer<typeof noticesViewSchema>;

/** 一件事一次办: a life event of several services applied for on one combined form. */
export const bundleSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  /** The member services' names, in receipt order. */
  serviceNames: z.array(z.string()),
});
export type BundleSummary = z.infer<typeof bundleSummarySchema>;

/** The applications one bundle submit saved (one receipt lists them all). */
export const bundleResultSchema = z.object({
  code: z.string(),
  name: z.string(),
  members: z.array(z.object({ txId: z.string(), localNumber: z.string(), serviceName: z.string() })),
});

export const bundleSubmitResultSchema = submitResultSchema.extend({ bundle: bundleResultSchema });
export type BundleSubmitResult = z.infer<typeof bundleSubmitResultSchema>;

/** How every member of the bundle a looked-up application belongs to is getting on. */
export const bundleProgressSchema = z.object({
  name: z.string(),
  members: z.array(z.object({ serviceName: z.string(), localNumber: z.string(), status: txProgressStatusSchema })),
});
export type BundleProgress = z.infer<typeof bundleProgressSchema>;
/** The station agent signed in at this terminal (issue #11): masked name and id only. */
export const agentViewSchema = z.object({
  agentId: z.string(),
  /** Masked for the top bar, e.g. 刘*办. */
  maskedName: z.string(),
  roles: z.array(z.enum(['agent', 'supervisor', 'technician'])),
  stationName: z.string(),
  regionCode: z.string(),
  signedInAt: z.string(),
  /** Seconds without a touch before the agent screen locks itself. */
  idleLockSec: z.number().int().positive(),
});
export type AgentView = z.infer<typeof agentViewSchema>;
/** A failure's fix as the technician reads it (rules/self-test-fixes.ts). */
export const selfTestFixSchema = z.object({ code: z.string(), problem: z.string(), fix: z.string() });

/** One device found by the first-run wizard's discovery. */
export const foundDeviceSchema = z.object({
  role: z.enum(['idcard', 'printer', 'scanner', 'unknown']),
  where: z.string(),
  what: z.string(),
  state: z.enum(['ok', 'fault']),
  fix: selfTestFixSchema.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});
export type FoundDeviceView = z.infer<typeof foundDeviceSchema>;

/** A self-test's outcome: passed with what it showed (masked), or the failure and its fix. */
export const selfTestResultSchema = z.discriminatedUnion('passed', [
  z.object({ passed: z.literal(true), detail: z.string() }),
  z.object({ passed: z.literal(false), fix: selfTestFixSchema }),
]);
export type SelfTestResultView = z.infer<typeof selfTestResultSchema>;
