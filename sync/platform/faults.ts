// Fault switches of the reference platform, for the client's fault and weak-link tests. Every
// decision comes from a seeded PRNG drawn in a fixed order per eligible request, so a test that
// sends the same requests gets the same faults.
import { z } from 'zod';

export const FAULT_ENDPOINTS = ['ping', 'enrol', 'batch', 'changes', 'blob', 'nonce', 'rotate'] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

const rate = z.number().min(0).max(1);
const count = z.number().int().nonnegative();

export const FaultConfigSchema = z.object({
  seed: z.number().int().default(1),
  /** Endpoints the faults apply to; all when absent. */
  endpoints: z.array(z.enum(FAULT_ENDPOINTS)).optional(),
  /** Process and commit, then destroy the connection without answering. */
  drop_after_commit_rate: rate.default(0),
  drop_after_commit_next: count.default(0),
  /** Destroy the connection before processing (nothing committed). */
  drop_before_rate: rate.default(0),
  drop_before_next: count.default(0),
  /** Answer a 5xx (error_status) without processing. */
  error_rate: rate.default(0),
  error_next: count.default(0),
  error_status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(503),
  /** Answer 429 with Retry-After without processing. */
  throttle_rate: rate.default(0),
  throttle_next: count.default(0),
  retry_after_s: z.number().int().nonnegative().default(2),
  /** Wait this long before processing each request. */
  delay_ms: z.number().int().nonnegative().default(0),
  /** Send response bodies in pieces of drip_bytes every drip_interval_ms. */
  drip_bytes: z.number().int().positive().optional(),
  drip_interval_ms: z.number().int().nonnegative().default(100),
  /** Read the request and never answer (the connection stays open until the client gives up). */
  stall_rate: rate.default(0),
  stall_next: count.default(0),
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;

/** mulberry32: tiny, fast, good enough for test schedules. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultDecision {
  stall: boolean;
  dropBefore: boolean;
  error: number | null;
  throttle: number | null;
  dropAfterCommit: boolean;
  delayMs: number;
  drip: { bytes: number; intervalMs: number } | null;
}

export const NO_FAULT: FaultDecision = {
  stall: false,
  dropBefore: false,
  error: null,
  throttle: null,
  dropAfterCommit: false,
  delayMs: 0,
  drip: null,
};

export type FaultKind = 'stall' | 'drop_before' | 'error' | 'throttle' | 'drop_after_commit';

export class FaultInjector {
  private config: FaultConfig | null = null;
  private rng: () => number = mulberry32(1);
  readonly fired: Record<FaultKind, number> = { stall: 0, drop_before: 0, error: 0, throttle: 0, drop_after_commit: 0 };

  set(input: FaultConfigInput): FaultConfig {
    this.config = FaultConfigSchema.parse(input);
    this.rng = mulberry32(this.config.seed);
    return this.config;
  }

  clear(): void {
    this.config = null;
  }

  current(): FaultConfig | null {
    return this.config ? { ...this.config } : null;
  }

  private take(kind: FaultKind, nextKey: `${string}_next`, p: number, draw: number): boolean {
    const c = this.config as unknown as Record<string, number>;
    if (c[nextKey]! > 0) {
      c[nextKey]! -= 1;
      this.fired[kind] += 1;
      return true;
    }
    if (draw < p) {
      this.fired[kind] += 1;
      return true;
    }
    return false;
  }

  /** Decides the faults for one request. At most one of stall/drop/error/throttle fires. */
  decide(endpoint: FaultEndpoint): FaultDecision {
    const c = this.config;
    if (!c || (c.endpoints && !c.endpoints.includes(endpoint))) return NO_FAULT;
    // Draw every number every time so one switch does not shift another's schedule.
    const draws = [this.rng(), this.rng(), this.rng(), this.rng(), this.rng()] as const;
    const d: FaultDecision = {
      ...NO_FAULT,
      delayMs: c.delay_ms,
      drip: c.drip_bytes ? { bytes: c.drip_bytes, intervalMs: c.drip_interval_ms } : null,
    };
    if (this.take('stall', 'stall_next', c.stall_rate, draws[0])) d.stall = true;
    else if (this.take('drop_before', 'drop_before_next', c.drop_before_rate, draws[1])) d.dropBefore = true;
    else if (this.take('error', 'error_next', c.error_rate, draws[2])) d.error = c.error_status;
    else if (this.take('throttle', 'throttle_next', c.throttle_rate, draws[3])) d.throttle = c.retry_after_s;
    else if (this.take('drop_after_commit', 'drop_after_commit_next', c.drop_after_commit_rate, draws[4]))
      d.dropAfterCommit = true;
    return d;
  }
}
