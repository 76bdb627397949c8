// One fault run's schedule, drawn from its seed: what the terminal enqueues (with poison items
// and attachments), how the engine is tuned (short timers so a run takes seconds), which
// platform fault switches are on, when the terminal and/or the platform are SIGKILLed, and at
// which hook point the terminal kills itself.
import type { SyncConfigInput } from '../../../sync/engine/config';
import type { PoisonKind } from './payloads';
import type { RunPlan } from './plan';
import { createRng } from './rng';
import type { TerminalArgs } from './terminal';

export interface KillEvent {
  atMs: number;
  target: 'terminal' | 'platform' | 'both';
  downMs: number;
}

export interface Scenario {
  seed: number;
  plan: RunPlan;
  enqueueGapMs: number;
  config: Partial<SyncConfigInput>;
  faults: Record<string, unknown> | null;
  kills: KillEvent[];
  crash: TerminalArgs['crash'];
  /** Kills happen inside this window, measured from enrolment. */
  chaosMs: number;
  /** Faults stay on this long after the last kill, once both processes are back. */
  tailMs: number;
  /** The relay between terminal and platform: upload pacing and connection resets. */
  proxy: { uploadBytesPerS: number | null; resetChance: number };
}

export function makeScenario(seed: number): Scenario {
  const rng = createRng(seed);
  const count = rng.int(12, 48);
  const poison: Record<number, PoisonKind> = {};
  const attachments: Record<number, number> = {};
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.05)) poison[i] = rng.pick(['service_unknown', 'validation_failed'] as const);
  }
  // Half the runs carry one or two attachments of a few chunks, so kills land mid-upload.
  if (rng.chance(0.5)) {
    for (let k = rng.int(1, 2); k > 0; k--) attachments[rng.int(0, count - 1)] = rng.int(20_000, 90_000);
  }

  const config: Partial<SyncConfigInput> = {
    connectTimeoutMs: 1_000,
    progressTimeoutMs: rng.pick([400, 700, 1_000]),
    deadlineBaseMs: 3_000,
    deadlineMinBytesPerS: 20_000,
    batchInitialBytes: rng.pick([2_048, 8_192, 32_768]),
    batchMinBytes: 1_024,
    batchMaxBytes: rng.pick([16_384, 65_536, 196_608]),
    batchMaxItems: rng.pick([1, 3, 8, 25, 100, 500]),
    batchTimeoutsBeforeSplit: rng.pick([1, 2, 3]),
    compression: rng.pick(['br', 'gzip'] as const),
    brotliQuality: 5,
    backoffBaseMs: 15,
    backoffCapMs: 250,
    probeMinMs: 100,
    probeMaxMs: 250,
    idlePollMs: 60_000,
    blobChunkBytes: rng.pick([8_192, 16_384, 32_768]),
    deferredRetryMs: 300,
    unauthorizedRetryMs: 500,
  };

  let faults: Record<string, unknown> | null = null;
  if (rng.chance(0.85)) {
    faults = {
      seed: rng.int(1, 2 ** 30),
      endpoints: ['batch', 'blob', 'changes', 'ping'],
      drop_after_commit_rate: rng.pick([0, 0.1, 0.25, 0.4]),
      drop_before_rate: rng.pick([0, 0, 0.1, 0.2]),
      error_rate: rng.pick([0, 0, 0.1, 0.25]),
      error_status: rng.pick([500, 502, 503, 504] as const),
      throttle_rate: rng.pick([0, 0, 0.1, 0.2]),
      retry_after_s: rng.pick([0, 0, 1]),
      stall_rate: rng.pick([0, 0, 0.05, 0.1]),
      delay_ms: rng.pick([0, 0, 5, 30]),
      ...(rng.chance(0.15) ? { drip_bytes: rng.pick([64, 512]), drip_interval_ms: rng.pick([2, 10]) } : {}),
    };
  }

  const chaosMs = rng.int(600, 2_000);
  const kills: KillEvent[] = [];
  for (let k = rng.int(0, 3); k > 0; k--) {
    kills.push({
      atMs: rng.int(0, chaosMs),
      target: rng.pick(['terminal', 'terminal', 'platform', 'both'] as const),
      downMs: rng.pick([0, 20, 100, 300]),
    });
  }
  kills.sort((a, b) => a.atMs - b.atMs);

  let crash: TerminalArgs['crash'];
  if (rng.chance(0.6)) {
    const point = rng.pick([
      'enqueue',
      'before_apply',
      'before_apply',
      'after_apply',
      'blob_read',
      'mid_chunk',
    ] as const);
    // An upload reads its blob once and sends a few chunks: those points come early or never.
    crash = { point, at: point === 'enqueue' ? rng.int(1, 20) : rng.int(1, 2) };
    if ((point === 'blob_read' || point === 'mid_chunk') && Object.keys(attachments).length === 0) {
      attachments[rng.int(0, count - 1)] = rng.int(40_000, 90_000);
    }
  }

  const proxy = {
    uploadBytesPerS: rng.pick([null, null, 250_000, 1_000_000]),
    resetChance: rng.pick([0, 0, 0.3, 0.6]),
  };

  const tailMs = rng.int(300, 1_500);

  return {
    seed,
    plan: { seed, count, poison, attachments },
    enqueueGapMs: rng.pick([0, 5, 15, 30, 50]),
    config,
    faults,
    kills,
    crash,
    chaosMs,
    tailMs,
    proxy,
  };
}
