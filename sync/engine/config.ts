import { z } from 'zod';

/** Every timing and sizing knob of the sync engine, with its default (documented in docs/sync.md). */
export interface SyncConfig {
  /** Platform base URL; `enrol --platform` overrides it and the enrolled URL is used afterwards. */
  readonly platformUrl: string;
  /** PEM file of the CA to pin for https (replaces the system roots). */
  readonly caCertPath?: string;
  /** Station identity sent at enrolment (12-digit region code, display name). */
  readonly station?: { readonly regionCode: string; readonly name: string };
  readonly hardware?: Record<string, unknown>;
  readonly connectTimeoutMs: number;
  readonly progressTimeoutMs: number;
  readonly deadlineBaseMs: number;
  readonly deadlineMinBytesPerS: number;
  readonly batchInitialBytes: number;
  readonly batchMinBytes: number;
  readonly batchMaxBytes: number;
  readonly batchMaxItems: number;
  /** The platform's limit on a batch as sent; bigger bodies are split locally before sending. */
  readonly batchLimitBytes: number;
  /** Same batch timed out this many times in a row → rebuilt smaller (items stay idempotent by tx_id). */
  readonly batchTimeoutsBeforeSplit: number;
  /** Same batch answered 500 this many times in a row → bisected to find an item the platform chokes on. */
  readonly batchServerErrorsBeforeSplit: number;
  /** An item sent this many times without a verdict is sent after all other pending items. */
  readonly heldAfterAttempts: number;
  readonly compression: 'br' | 'gzip';
  readonly brotliQuality: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  readonly probeMinMs: number;
  readonly probeMaxMs: number;
  /**
   * For this long after the link was lost (no answer at all: connect timeout, stall, reset), with
   * work pending, the backoff is capped at `outageRetryCapMs` and connects give up after
   * `outageConnectTimeoutMs`, so a returning link is noticed within seconds. Longer outages fall
   * back to the full backoff with a probe every probeMin–probeMax.
   */
  readonly outageFastRetryMs: number;
  readonly outageRetryCapMs: number;
  readonly outageConnectTimeoutMs: number;
  /** While the link is up and nothing is queued: how often to look for changes. */
  readonly idlePollMs: number;
  readonly changesPageLimit: number;
  readonly blobChunkBytes: number;
  /** How often items deferred for dependency_missing are offered again regardless. */
  readonly deferredRetryMs: number;
  readonly maintenanceIntervalMs: number;
  readonly ackedPayloadRetentionDays: number;
  /** Overridden by the platform's `retention_days` once remote configuration accepted it (useRemoteRetentionDays). */
  readonly ackedRowRetentionDays: number;
  /** While unauthorized (revoked/unknown device) how often to try again. */
  readonly unauthorizedRetryMs: number;
}

export const defaultSyncConfig: Omit<SyncConfig, 'platformUrl'> = {
  connectTimeoutMs: 12_000,
  progressTimeoutMs: 25_000,
  deadlineBaseMs: 30_000,
  deadlineMinBytesPerS: 2_000,
  batchInitialBytes: 64 * 1024,
  batchMinBytes: 2 * 1024,
  batchMaxBytes: 192 * 1024,
  batchMaxItems: 500,
  batchLimitBytes: 256 * 1024,
  batchTimeoutsBeforeSplit: 3,
  batchServerErrorsBeforeSplit: 3,
  heldAfterAttempts: 10,
  compression: 'br',
  brotliQuality: 9,
  backoffBaseMs: 2_000,
  backoffCapMs: 300_000,
  probeMinMs: 30_000,
  probeMaxMs: 60_000,
  outageFastRetryMs: 180_000,
  outageRetryCapMs: 3_000,
  outageConnectTimeoutMs: 6_000,
  idlePollMs: 300_000,
  changesPageLimit: 200,
  blobChunkBytes: 64 * 1024,
  deferredRetryMs: 600_000,
  maintenanceIntervalMs: 6 * 3_600_000,
  ackedPayloadRetentionDays: 7,
  ackedRowRetentionDays: 400,
  unauthorizedRetryMs: 600_000,
};

export type SyncConfigInput = Partial<SyncConfig> & { readonly platformUrl: string };

export function resolveConfig(input: SyncConfigInput): SyncConfig {
  const c = { ...defaultSyncConfig, ...input } as SyncConfig;
  if (c.blobChunkBytes > 64 * 1024) throw new Error('blobChunkBytes may not exceed 64 KiB (protocol §4)');
  if (c.batchMaxBytes > 256 * 1024) throw new Error('batchMaxBytes may not exceed 256 KiB (protocol §3)');
  if (c.batchMaxItems > 500) throw new Error('batchMaxItems may not exceed 500 (protocol §3)');
  if (c.probeMinMs > c.probeMaxMs) throw new Error('probeMinMs must not exceed probeMaxMs');
  return c;
}

const ms = z.number().int().positive();
const bytes = z.number().int().positive();

/**
 * The tuning knobs a station may set in its config file (`sync.engine`): every knob of
 * defaultSyncConfig, all optional, nothing else. Strict, so a misspelt knob is an error naming it
 * instead of a silently ignored setting; the protocol limits are checked here too.
 */
export const syncEngineKnobsSchema = z
  .strictObject({
    connectTimeoutMs: ms,
    progressTimeoutMs: ms,
    deadlineBaseMs: ms,
    deadlineMinBytesPerS: z.number().positive(),
    batchInitialBytes: bytes,
    batchMinBytes: bytes,
    batchMaxBytes: bytes.max(256 * 1024, '不能超过 262144（协议 §3）'),
    batchMaxItems: z.number().int().positive().max(500, '不能超过 500（协议 §3）'),
    batchLimitBytes: bytes,
    batchTimeoutsBeforeSplit: z.number().int().positive(),
    batchServerErrorsBeforeSplit: z.number().int().positive(),
    heldAfterAttempts: z.number().int().positive(),
    compression: z.enum(['br', 'gzip']),
    brotliQuality: z.number().int().min(0).max(11),
    backoffBaseMs: ms,
    backoffCapMs: ms,
    probeMinMs: ms,
    probeMaxMs: ms,
    outageFastRetryMs: z.number().int().nonnegative(),
    outageRetryCapMs: ms,
    outageConnectTimeoutMs: ms,
    idlePollMs: ms,
    changesPageLimit: z.number().int().positive(),
    blobChunkBytes: bytes.max(64 * 1024, '不能超过 65536（协议 §4）'),
    deferredRetryMs: ms,
    maintenanceIntervalMs: ms,
    ackedPayloadRetentionDays: z.number().positive(),
    ackedRowRetentionDays: z.number().positive(),
    unauthorizedRetryMs: ms,
  })
  .partial()
  .refine((k) => (k.probeMinMs ?? defaultSyncConfig.probeMinMs) <= (k.probeMaxMs ?? defaultSyncConfig.probeMaxMs), {
    message: 'probeMinMs 不能大于 probeMaxMs',
  });
export type SyncEngineKnobs = z.infer<typeof syncEngineKnobsSchema>;

// Compile-time: the schema names exactly the tuning knobs of SyncConfig, no more, no fewer.
type TuningKnob = Exclude<keyof SyncConfig, 'platformUrl' | 'caCertPath' | 'station' | 'hardware'>;
type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : false;
const knobsMatchDefaults: SameKeys<keyof SyncEngineKnobs, TuningKnob> = true;
void knobsMatchDefaults;
