/** Every timing and sizing knob of the sync engine, with its default (documented in docs/sync.md). */
export interface SyncConfig {
  /** Platform base URL; `enroll --platform` overrides it and the enrolled URL is used afterwards. */
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
  /** Overridden by the platform's `config.retention_days` when that is a positive number. */
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
