// Bodies of protocol version 1 as zod schemas: both the TypeScript types and the runtime checks of
// either side. Request schemas are strict about what the protocol requires and tolerant of extra
// members (a newer peer may add some); the platform validates batch items one by one so that one
// malformed item is rejected on its own instead of blocking the whole queue.
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

/** Limits of §3 and §4. */
export const LIMITS = {
  batchMaxItems: 500,
  /** Batch request body as sent (after compression). */
  batchMaxBytes: 256 * 1024,
  blobChunkMaxBytes: 64 * 1024,
  changesDefaultLimit: 200,
  changesMaxLimit: 1000,
  /** Request bodies over this size should be compressed (§1). */
  compressAboveBytes: 1024,
} as const;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256');
/** tx_id, batch_id, device_id: opaque ids (UUIDs recommended), ASCII, no spaces. */
export const Id = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'id of 1–128 characters [A-Za-z0-9._:-]');
export const Rfc3339 = z.string().max(64);
const JsonObject = z.record(z.string(), z.unknown());

// ---- errors -------------------------------------------------------------------------------------
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), permanent: z.boolean() }),
});
export type ErrorBodyWire = z.infer<typeof ErrorBodySchema>;

// ---- enrolment (§2) -----------------------------------------------------------------------------
export const EnrolRequestSchema = z.object({
  enrollment_code: z.string().min(1).max(64),
  /** base64 SPKI DER of the terminal's Ed25519 public key. */
  public_key: z.string().min(40).max(200),
  station: z.object({
    region_code: z.string().regex(/^\d{12}$/, '12-digit statistical area code'),
    name: z.string().min(1).max(100),
  }),
  hardware: JsonObject.default({}),
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const EnrolResponseSchema = z.object({
  device_id: Id,
  platform_public_key: z.string(),
  server_time: Rfc3339,
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

export const NonceResponseSchema = z.object({ nonce: z.string(), expires_at: Rfc3339, server_time: Rfc3339 });
export type NonceResponse = z.infer<typeof NonceResponseSchema>;

// ---- transactions (§3) --------------------------------------------------------------------------
export const TX_KINDS = ['application', 'evaluation', 'audit', 'health'] as const;
export const TxKindSchema = z.enum(TX_KINDS);
export type TxKind = z.infer<typeof TxKindSchema>;

export const AttachmentRefSchema = z.object({
  sha256: Sha256Hex,
  size: z.number().int().nonnegative(),
  mime: z.string().min(1).max(100),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;

export const ClockEstimateSchema = z.object({
  /** server time − device time in ms, as last measured in this boot; null when unknown. */
  offset_ms: z.number().int().nullable(),
  /** Age of that measurement in seconds; null when unknown. */
  age_s: z.number().nonnegative().nullable(),
});
export type ClockEstimate = z.infer<typeof ClockEstimateSchema>;

export const BatchItemSchema = z.object({
  seq: z.number().int().nonnegative(),
  tx_id: Id,
  kind: TxKindSchema,
  /** Required for `application`; null or absent for the other kinds. */
  service_code: z.string().min(1).max(64).nullable().optional(),
  /** Version of the catalogue entry of service_code that the terminal used. Required for `application`. */
  catalog_version: z.number().int().nonnegative().nullable().optional(),
  payload: JsonObject,
  payload_sha256: Sha256Hex,
  attachments: z.array(AttachmentRefSchema).max(50).default([]),
  depends_on: Id.nullable().optional(),
  device_time: Rfc3339.nullable().optional(),
  boot_id: z.string().max(64).nullable().optional(),
  clock: ClockEstimateSchema.nullable().optional(),
});
export type BatchItem = z.infer<typeof BatchItemSchema>;
export type BatchItemInput = z.input<typeof BatchItemSchema>;

/** The envelope only; each item is checked with BatchItemSchema on its own. */
export const BatchRequestSchema = z.object({
  batch_id: Id,
  items: z.array(z.looseObject({ seq: z.number().int().nonnegative(), tx_id: z.string() })),
});
export type BatchRequest = { batch_id: string; items: BatchItemInput[] };

export const ITEM_STATUSES = ['applied', 'duplicate', 'rejected', 'deferred'] as const;
export const ItemStatusSchema = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;

export const ItemResultSchema = z.object({
  seq: z.number().int(),
  tx_id: z.string(),
  status: ItemStatusSchema,
  server_ref: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const BatchResponseSchema = z.object({
  results: z.array(ItemResultSchema),
  applied_through_seq: z.number().int().nonnegative(),
  server_time: Rfc3339,
});
export type BatchResponse = z.infer<typeof BatchResponseSchema>;

// ---- blobs (§4) ---------------------------------------------------------------------------------
export const BLOB_HEADERS = {
  length: 'upload-length',
  offset: 'upload-offset',
  chunkContentType: 'application/offset+octet-stream',
} as const;

/** Upload-Length / Upload-Offset: a non-negative decimal integer, nothing else. */
export const UploadNumberSchema = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform((s) => Number(s));

// ---- reference data (§5) ------------------------------------------------------------------------
export const DATASETS = ['catalog', 'forms', 'announcements', 'tx_status', 'agents', 'config'] as const;
export const DatasetSchema = z.enum(DATASETS);
export type Dataset = z.infer<typeof DatasetSchema>;

export const PREFILL_SOURCES = [
  'id_card.name',
  'id_card.gender',
  'id_card.ethnicity',
  'id_card.birth_date',
  'id_card.address',
  'id_card.id_number',
  'id_card.issuer',
  'id_card.valid_from',
  'id_card.valid_to',
  'station.region_code',
  'station.name',
] as const;

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'multiselect',
  'checkbox',
  'phone',
  'id_number',
] as const;

export const FormFieldSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  type: z.enum(FIELD_TYPES),
  label: z.string().min(1),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  /** ECMAScript regular expression that the whole value must match (implicitly anchored). */
  pattern: z.string().optional(),
  max_length: z.number().int().positive().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  prefill: z.enum(PREFILL_SOURCES).optional(),
  hint: z.string().optional(),
});
export type FormField = z.infer<typeof FormFieldSchema>;

export const FormSchema = z.object({
  id: z.string().min(1).max(64),
  version: z.number().int().positive(),
  title: z.string(),
  fields: z.array(FormFieldSchema),
});
export type Form = z.infer<typeof FormSchema>;

export const CatalogServiceSchema = z.object({
  code: z.string().min(1).max(64),
  name: z.string().min(1),
  category: z.string(),
  department: z.string().optional(),
  description: z.string(),
  offline_allowed: z.boolean(),
  proxy_allowed: z.boolean(),
  /** How the applicant must be identified at the terminal. */
  identification: z.array(z.enum(['id_card', 'social_security_card', 'household_register', 'qr_code'])),
  form_id: z.string(),
  materials: z.array(z.object({ name: z.string(), required: z.boolean(), note: z.string().optional() })),
  /** Statutory time limit (承诺办结时限) in working days. */
  time_limit_days: z.number().int().nonnegative(),
  fee: z.string().optional(),
  /** Version of this entry; terminals send it as catalog_version. */
  version: z.number().int().positive(),
  /** Applications made with a catalog_version below this are rejected `catalog_outdated`. */
  min_version: z.number().int().positive().default(1),
  active: z.boolean().default(true),
});
export type CatalogService = z.infer<typeof CatalogServiceSchema>;

/** A reason code from the catalogue's list of 好差评 reasons. */
export const EvaluationReasonCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'reason code of lower-case letters, digits and _');
export const EvaluationReasonSchema = z
  .object({ code: EvaluationReasonCode, label: z.string().min(1).max(64) })
  .strict();
export type EvaluationReason = z.infer<typeof EvaluationReasonSchema>;

/** Seed / offline-default catalogue file (seed/catalog.json, read by the terminal and the reference platform). */
export const CatalogSeedSchema = z.object({
  format: z.literal('cunzhan-catalog/1'),
  services: z.array(CatalogServiceSchema),
  forms: z.array(FormSchema),
  /** 好差评 reason codes (protocol 1.1): published as the `config` setting `evaluation_reasons`. */
  evaluation_reasons: z.array(EvaluationReasonSchema).optional(),
});
export type CatalogSeed = z.infer<typeof CatalogSeedSchema>;

export const AnnouncementSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string(),
  body: z.string(),
  category: z.string().optional(),
  priority: z.enum(['normal', 'important']).default('normal'),
  published_at: Rfc3339,
  expires_at: Rfc3339.nullable().default(null),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;

export const TX_PROGRESS = ['accepted', 'in_progress', 'needs_more', 'completed', 'refused'] as const;
export const TxProgressSchema = z.enum(TX_PROGRESS);
export type TxProgress = z.infer<typeof TxProgressSchema>;

export const TxStatusSchema = z.object({
  tx_id: z.string(),
  server_ref: z.string(),
  status: TxProgressSchema,
  note: z.string().nullable(),
  time: Rfc3339,
});
export type TxStatus = z.infer<typeof TxStatusSchema>;

/** How an agent's ID number is hashed: scrypt(id_number upper-cased, salt bytes, 32, N=16384 r=8 p=1), hex. */
export const AGENT_HASH_ALG = 'scrypt-n16384-r8-p1';

export const AgentSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string(),
  id_hash: z.string().regex(/^[0-9a-f]{64}$/),
  id_salt: z.string().regex(/^[0-9a-f]{32}$/),
  hash_alg: z.literal(AGENT_HASH_ALG),
  roles: z.array(z.enum(['agent', 'supervisor', 'technician'])),
  active: z.boolean(),
  /** Sign-in PIN: pin_hash = hex(scrypt(pin, pin_salt bytes, 32, N=16384 r=8 p=1)); absent = cannot sign in yet. */
  pin_salt: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  pin_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Region code of the agent's station; absent = any station the record reaches. */
  station_region: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});
export type Agent = z.infer<typeof AgentSchema>;

/** `config` changes: key = setting name, value = the setting's JSON value. */
export const KNOWN_CONFIG_KEYS = [
  'idle_timeout_s',
  'retention_days',
  'receipt_header',
  'probe_interval_s',
  'station_display_name',
  'evaluation_reasons',
] as const;

/** The `config` key under which the catalogue's 好差评 reason list travels. */
export const EVALUATION_REASONS_CONFIG_KEY = 'evaluation_reasons';

export const ChangeSchema = z.object({
  dataset: DatasetSchema,
  op: z.enum(['upsert', 'delete']),
  key: z.string(),
  /** The record for `upsert`; null for `delete`. */
  value: z.unknown(),
  version: z.number().int().nonnegative(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesPageSchema = z.object({
  changes: z.array(ChangeSchema),
  next_cursor: z.string(),
  has_more: z.boolean(),
  server_time: Rfc3339,
});
export type ChangesPage = z.infer<typeof ChangesPageSchema>;

/** Value schema of each dataset, for the terminal to check a change before applying it. */
export const DATASET_VALUE_SCHEMAS = {
  catalog: CatalogServiceSchema,
  forms: FormSchema,
  announcements: AnnouncementSchema,
  tx_status: TxStatusSchema,
  agents: AgentSchema,
  config: z.unknown(),
} as const satisfies Record<Dataset, z.ZodType>;

// ---- paths --------------------------------------------------------------------------------------
export const PATHS = {
  ping: '/v1/ping',
  enrol: '/v1/enroll',
  batch: (deviceId: string) => `/v1/devices/${encodeURIComponent(deviceId)}/transactions:batch`,
  changes: (deviceId: string) => `/v1/devices/${encodeURIComponent(deviceId)}/changes`,
  nonce: (deviceId: string) => `/v1/devices/${encodeURIComponent(deviceId)}/nonce`,
  rotateKey: (deviceId: string) => `/v1/devices/${encodeURIComponent(deviceId)}/key:rotate`,
  blob: (sha256: string) => `/v1/blobs/${sha256}`,
} as const;

export const RotateKeyRequestSchema = z.object({ public_key: z.string().min(40).max(200) });
export type RotateKeyRequest = z.infer<typeof RotateKeyRequestSchema>;
