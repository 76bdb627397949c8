import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ClockOffset } from '../clock/offset';
import { readBootId, systemClocks } from '../clock/clock';
import type { Clocks } from '../clock/clock';
import { DatasetStore } from '../changes/dataset-store';
import { BatchSizer } from '../client/batch-sizer';
import { fullJitterDelay, probeDelay } from '../client/backoff';
import { encodeBody } from '../client/compress';
import type { BodyEncoding } from '../client/compress';
import { bareFailure } from '../client/errors';
import type { SyncFailure } from '../client/errors';
import { PlatformClient } from '../client/platform-client';
import { Transport } from '../client/transport';
import { uploadBlob } from '../blobs/uploader';
import { TypedEmitter } from '../../rules/typed-emitter';
import { enrollDevice } from '../enroll/enroll';
import type { EnrollOptions, EnrollResult } from '../enroll/enroll';
import { loadIdentity } from '../enroll/identity';
import type { Identity } from '../enroll/identity';
import { silentLogger } from '../logger';
import type { SyncLogger } from '../logger';
import { reclaimSpace } from '../maintenance';
import { buildBatchBody } from '../outbox/batch-body';
import { OutboxStore } from '../outbox/outbox-store';
import type { Sealer } from '../sealer';
import { resolveConfig } from './config';
import type { SyncConfig, SyncConfigInput } from './config';
import { getState, setState } from '../state';
import type { CycleReport, LinkState, RejectedEvent, SyncStatus } from './status';
import { LIMITS } from '../protocol/wire';

export interface SyncEngineOptions {
  readonly db: Database.Database;
  readonly sealer: Sealer;
  readonly config: SyncConfigInput;
  readonly logger?: SyncLogger;
  /** Wall clock (ms since epoch). Recorded only; never used to decide anything. */
  readonly now?: () => number;
  /** Monotonic ms clock for durations (defaults to process.hrtime). */
  readonly monoNow?: () => number;
  readonly bootId?: string;
  readonly random?: () => number;
}

export interface SyncEngine {
  readonly outbox: OutboxStore;
  readonly datasets: DatasetStore;
  readonly config: SyncConfig;
  enroll(opts: EnrollOptions): Promise<EnrollResult>;
  start(): void;
  stop(): Promise<void>;
  /** Runs a full cycle now (uploads, blobs, changes) and resolves with what it did. */
  syncNow(): Promise<CycleReport>;
  /** One maintenance pass: retention purge and incremental vacuum. */
  maintain(): { payloadsDropped: number; rowsDeleted: number; blobsDeleted: number; freedPages: number };
  status(): SyncStatus;
  on(event: 'status', cb: (s: SyncStatus) => void): () => void;
  on(event: 'rejected', cb: (e: RejectedEvent) => void): () => void;
}

interface CurrentBatch {
  readonly batchId: string;
  readonly seqs: number[];
  readonly body: Buffer;
  readonly encoding: BodyEncoding;
  timeouts: number;
  serverErrors: number;
}

type Step = { done: true } | { done: false; failure?: SyncFailure };

const timeoutCodes = new Set(['connect_timeout', 'stalled', 'deadline']);
/** Transport failures with no answer at all: the link (not the platform) is the problem. */
const linkLostCodes = new Set(['connect_timeout', 'stalled', 'deadline', 'network', 'aborted']);

const LAST_KEY = 'engine_last';
interface PersistedLast {
  link: LinkState;
  lastSuccess: SyncStatus['lastSuccess'];
  lastError: SyncStatus['lastError'];
}

class Engine implements SyncEngine {
  readonly outbox: OutboxStore;
  readonly datasets: DatasetStore;
  readonly config: SyncConfig;
  readonly #db: Database.Database;
  readonly #sealer: Sealer;
  readonly #log: SyncLogger;
  readonly #clocks: Clocks;
  readonly #random: () => number;
  readonly #offset: ClockOffset;
  readonly #sizer: BatchSizer;
  readonly #events = new TypedEmitter<{ status: SyncStatus; rejected: RejectedEvent }>();

  #identity: Identity | null;
  #transport: Transport | null = null;
  #client: PlatformClient | null = null;
  #current: CurrentBatch | null = null;
  #maxItemsOverride: number | null = null;
  #link: LinkState;
  #upload: SyncStatus['upload'] = null;
  #lastSuccess: SyncStatus['lastSuccess'] = null;
  #lastError: SyncStatus['lastError'] = null;
  #nextAttemptAt: number | null = null;
  #running = false;
  #loopDone: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #wakeRequested = false;
  #cycleChain: Promise<unknown> = Promise.resolve();
  #statusQueued = false;
  #lastChangesAt: number | null = null;
  #lastMaintenanceAt: number | null = null;
  #lastDeferredRetryAt: number;
  #recordedLink: LinkState | null = null;
  #idle = false;
  #enqueuedDuringCycle = false;
  /** Monotonic ms when the link was lost (no answer at all); null once anything is answered. */
  #linkLostAt: number | null = null;
  /** The last failed cycle failed while uploading (work is waiting), not while polling changes. */
  #failedWithWork = false;

  constructor(o: SyncEngineOptions) {
    this.config = resolveConfig(o.config);
    this.#db = o.db;
    this.#sealer = o.sealer;
    this.#log = o.logger ?? silentLogger;
    this.#clocks = { wallNow: o.now ?? systemClocks.wallNow, monoNow: o.monoNow ?? systemClocks.monoNow };
    this.#random = o.random ?? Math.random;
    const bootId = o.bootId ?? readBootId();
    this.#offset = new ClockOffset(o.db, this.#clocks, bootId);
    this.outbox = new OutboxStore({
      db: o.db,
      sealer: o.sealer,
      clocks: this.#clocks,
      bootId,
      clockEstimate: () => this.#offset.estimate(),
      onChange: () => this.#queueStatus(),
      onEnqueue: () => this.#onEnqueue(),
    });
    this.outbox.setMeasuredMonoSource(() => this.#offset.measuredAtMono());
    this.datasets = new DatasetStore(o.db, o.sealer, this.#log);
    this.#sizer = new BatchSizer({ initialBytes: this.config.batchInitialBytes, minBytes: this.config.batchMinBytes, maxBytes: this.config.batchMaxBytes });
    this.#identity = loadIdentity(o.db, o.sealer);
    this.#link = this.#identity ? 'unknown' : 'unenrolled';
    const last = getState<PersistedLast>(o.db, LAST_KEY);
    if (last && this.#identity) {
      this.#lastSuccess = last.lastSuccess;
      this.#lastError = last.lastError;
      this.#recordedLink = last.link;
    }
    this.#lastDeferredRetryAt = this.#clocks.monoNow();
  }

  on(event: 'status' | 'rejected', cb: (v: never) => void): () => void {
    return this.#events.on(event, cb as never);
  }

  status(): SyncStatus {
    const cur = this.#current;
    return {
      link: this.#link,
      recordedLink: this.#recordedLink,
      running: this.#running,
      deviceId: this.#identity?.deviceId ?? null,
      queue: this.outbox.counts(),
      inflight: cur ? { batchId: cur.batchId, items: cur.seqs.length, bytes: cur.body.length } : null,
      upload: this.#upload,
      lastSuccess: this.#lastSuccess,
      lastError: this.#lastError,
      nextAttemptInMs: this.#nextAttemptAt === null ? null : Math.max(0, this.#nextAttemptAt - this.#clocks.monoNow()),
      clock: this.#offset.estimate(),
    };
  }

  async enroll(opts: EnrollOptions): Promise<EnrollResult> {
    const result = await enrollDevice({
      db: this.#db,
      sealer: this.#sealer,
      config: this.config,
      logger: this.#log,
      wallNow: this.#clocks.wallNow,
      monoNow: this.#clocks.monoNow,
      alreadyEnrolled: this.#identity !== null,
      onServerTime: (t, wall, rtt) => this.#offset.record(t, wall, rtt),
      ...opts,
    });
    if (result.ok) {
      this.#identity = loadIdentity(this.#db, this.#sealer);
      this.#closeClient();
      this.#link = 'unknown';
      this.#wakeUp();
      this.#queueStatus();
    }
    return result;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#wakeRequested = false;
    const recovered = this.outbox.recoverInflight();
    if (recovered > 0) this.#log.info({ items: recovered }, 'sync: in-flight items returned to pending');
    this.outbox.promoteDeferred(true);
    this.#loopDone = this.#loop();
    this.#queueStatus();
  }

  async stop(): Promise<void> {
    if (!this.#running) {
      this.#closeClient();
      return;
    }
    this.#running = false;
    this.#wakeUp();
    this.#transport?.close();
    await this.#loopDone;
    await this.#cycleChain.catch(() => undefined);
    if (this.#current) {
      this.outbox.release(this.#current.batchId);
      this.#current = null;
    }
    this.#closeClient();
    this.#queueStatus();
  }

  syncNow(): Promise<CycleReport> {
    this.#lastChangesAt = null;
    this.#wakeUp();
    return this.#serialCycle(true);
  }

  maintain(): { payloadsDropped: number; rowsDeleted: number; blobsDeleted: number; freedPages: number } {
    const remoteDays = this.datasets.config().retention_days;
    const rowDays = typeof remoteDays === 'number' && remoteDays > 0 ? remoteDays : this.config.ackedRowRetentionDays;
    const purged = this.outbox.purge({
      serverNowMs: this.#offset.serverNowMs(),
      payloadDays: Math.min(this.config.ackedPayloadRetentionDays, rowDays),
      rowDays,
    });
    const { freedPages } = reclaimSpace(this.#db);
    this.#lastMaintenanceAt = this.#clocks.monoNow();
    this.#log.info({ ...purged, freed_pages: freedPages }, 'sync: maintenance pass');
    return { ...purged, freedPages };
  }

  // ——— the loop ———

  async #loop(): Promise<void> {
    let attempt = 0;
    while (this.#running) {
      if (!this.#identity) {
        this.#link = 'unenrolled';
        this.#queueStatus();
        await this.#sleep(this.config.idlePollMs);
        continue;
      }
      let report: CycleReport;
      try {
        report = await this.#serialCycle(false);
      } catch (error) {
        // A bug or a storage failure must not end the loop silently: log, back off, try again.
        this.#log.error({ err: (error as Error).name, detail: (error as Error).message }, 'sync: cycle failed unexpectedly');
        const failure: SyncFailure = { kind: 'transient', code: 'internal_error', message: (error as Error).message };
        this.#noteFailure(failure);
        report = { ok: false, acked: 0, rejected: 0, deferred: 0, batches: 0, blobsUploaded: 0, changesApplied: 0, failure };
      }
      if (!this.#running) break;
      if (report.ok) {
        attempt = 0;
        // Something was enqueued after the cycle last looked: go again at once.
        if (this.#enqueuedDuringCycle) continue;
        const deferredDue = Math.max(0, this.#lastDeferredRetryAt + this.config.deferredRetryMs - this.#clocks.monoNow());
        this.#idle = true;
        await this.#sleep(Math.min(this.config.idlePollMs, deferredDue || this.config.deferredRetryMs));
        this.#idle = false;
        continue;
      }
      const failure = report.failure!;
      if (failure.kind === 'auth') {
        await this.#sleep(this.config.unauthorizedRetryMs);
        continue;
      }
      attempt++;
      // Early in an outage with work waiting: retry within a few seconds (a SYN into a dead link
      // costs nothing), so a returning link is noticed at once; later, the full backoff and probes.
      const fast = this.#inFastOutage();
      const cap = fast ? Math.min(this.config.backoffCapMs, this.config.outageRetryCapMs) : this.config.backoffCapMs;
      const backoff = Math.max(failure.retryAfterMs ?? 0, fullJitterDelay(attempt, this.config.backoffBaseMs, cap, this.#random));
      await this.#waitWithProbes(backoff);
      this.#transport?.setConnectTimeoutMs(this.#inFastOutage() ? this.config.outageConnectTimeoutMs : null);
    }
  }

  #inFastOutage(): boolean {
    return this.#failedWithWork && this.#linkLostAt !== null && this.#clocks.monoNow() - this.#linkLostAt < this.config.outageFastRetryMs;
  }

  /** Backoff while down, cut short by a successful cheap probe (every probeMin–probeMax ms). */
  async #waitWithProbes(totalMs: number): Promise<void> {
    const until = this.#clocks.monoNow() + totalMs;
    this.#nextAttemptAt = until;
    this.#queueStatus();
    while (this.#running) {
      const remaining = until - this.#clocks.monoNow();
      if (remaining <= 0) break;
      const probeIn = probeDelay(this.config.probeMinMs, this.config.probeMaxMs, this.#random);
      const woken = await this.#sleep(Math.min(remaining, probeIn));
      if (woken || !this.#running) break;
      if (until - this.#clocks.monoNow() <= 0) break;
      const client = this.#getClient();
      if (!client) break;
      const ping = await client.ping();
      if (ping.ok) {
        this.#log.info({ rtt_ms: ping.value.rttMs }, 'sync: probe succeeded, retrying now');
        break;
      }
    }
    this.#nextAttemptAt = null;
  }

  /** Resolves true when woken early. */
  #sleep(ms: number): Promise<boolean> {
    if (this.#wakeRequested) {
      this.#wakeRequested = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#wake = null;
        resolve(false);
      }, ms);
      this.#wake = () => {
        clearTimeout(t);
        this.#wake = null;
        resolve(true);
      };
    });
  }

  /** Ends the loop's current wait; if it is mid-cycle, its next wait returns at once. */
  #wakeUp(): void {
    if (this.#wake) this.#wake();
    else if (this.#running) this.#wakeRequested = true;
  }

  #onEnqueue(): void {
    this.#enqueuedDuringCycle = true;
    // Only an idle loop is woken (after the host's transaction commits: better-sqlite3 is
    // synchronous, so setImmediate runs after it). A new item never cuts a backoff short —
    // while down, the probe decides.
    if (this.#running && this.#idle) {
      setImmediate(() => {
        if (this.#idle) this.#wake?.();
      });
    }
  }

  #queueStatus(): void {
    if (this.#statusQueued) return;
    this.#statusQueued = true;
    setImmediate(() => {
      this.#statusQueued = false;
      // The host may close the store right after stop(); a late status has nobody to tell.
      if (this.#db.open) this.#events.emit('status', this.status());
    });
  }

  // ——— one cycle ———

  #serialCycle(forceChanges: boolean): Promise<CycleReport> {
    const next = this.#cycleChain.then(() => this.#cycle(forceChanges));
    this.#cycleChain = next.catch(() => undefined);
    return next;
  }

  async #cycle(forceChanges: boolean): Promise<CycleReport> {
    this.#enqueuedDuringCycle = false;
    const counters = { acked: 0, rejected: 0, deferred: 0, batches: 0, blobsUploaded: 0, changesApplied: 0 };
    const client = this.#getClient();
    if (!client) {
      return { ok: false, ...counters, failure: { kind: 'auth', code: 'not_enrolled', message: '终端尚未注册到平台，请技术员执行 enroll。' } };
    }
    const fail = (failure: SyncFailure, withWork = false): CycleReport => {
      this.#failedWithWork = withWork;
      this.#noteFailure(failure);
      return { ok: false, ...counters, failure };
    };
    try {
      const now = this.#clocks.monoNow();
      if (now - this.#lastDeferredRetryAt >= this.config.deferredRetryMs) {
        this.outbox.promoteDeferred(true);
        this.#lastDeferredRetryAt = now;
      } else {
        this.outbox.promoteDeferred(false);
      }
      // Bounded: a platform that keeps answering attachment_missing for a complete blob must not spin us.
      for (let round = 0; round < 5; round++) {
        // Applications first: they are small; attachments follow.
        for (;;) {
          const step = await this.#sendOneBatch(client, counters);
          if (step.done) break;
          if (step.failure) return fail(step.failure, true);
        }
        const blobs = this.outbox.blobsToUpload();
        if (blobs.length === 0) break;
        let uploaded = 0;
        for (const ref of blobs) {
          const data = this.outbox.readBlob(ref.sha256);
          if (!data) {
            this.#log.error({ sha256: ref.sha256 }, 'sync: blob of a deferred item is missing locally');
            continue;
          }
          this.#upload = { sha256: ref.sha256, offset: 0, size: ref.size };
          this.#queueStatus();
          const r = await uploadBlob(client, ref, data, this.config.blobChunkBytes, (offset) => {
            this.#upload = { sha256: ref.sha256, offset, size: ref.size };
            this.#queueStatus();
          });
          this.#upload = null;
          this.#log.info({ sha256: ref.sha256, size: ref.size, sent: r.bytesSent, from_offset: r.startedAtOffset, ok: r.ok }, 'sync: blob upload');
          if (!r.ok && r.failure!.kind === 'permanent') {
            // Poison blob: the platform will never take it. Its items are rejected; the queue moves on.
            const items = this.outbox.rejectWaitingForBlob(ref.sha256, r.failure!.code, r.failure!.message);
            for (const e of items) this.#events.emit('rejected', e);
            counters.rejected += items.length;
            continue;
          }
          if (!r.ok) return fail(r.failure!, true);
          this.outbox.markBlobUploaded(ref.sha256);
          counters.blobsUploaded++;
          uploaded++;
          this.#noteSuccess(null);
        }
        if (this.outbox.promoteDeferred(false) === 0 && uploaded === 0) break;
      }
      const changesDue = forceChanges || this.#lastChangesAt === null || this.#clocks.monoNow() - this.#lastChangesAt >= this.config.idlePollMs;
      if (changesDue) {
        const r = await this.#pullChanges(client);
        counters.changesApplied += r.applied;
        if (r.failure) return fail(r.failure);
        this.#lastChangesAt = this.#clocks.monoNow();
      }
      if (this.#lastMaintenanceAt === null || this.#clocks.monoNow() - this.#lastMaintenanceAt >= this.config.maintenanceIntervalMs) {
        this.maintain();
      }
      return { ok: true, ...counters };
    } finally {
      this.#queueStatus();
    }
  }

  async #sendOneBatch(client: PlatformClient, counters: { acked: number; rejected: number; deferred: number; batches: number }): Promise<Step> {
    if (!this.#current) {
      const maxItems = Math.min(this.config.batchMaxItems, LIMITS.batchMaxItems, this.#maxItemsOverride ?? Infinity);
      const picks = this.outbox.peekPending(this.#sizer.rawBudget(), maxItems, this.config.heldAfterAttempts);
      if (picks.length === 0) return { done: true };
      const batchId = randomUUID();
      const items = this.outbox.claim(picks.map((p) => p.seq), batchId);
      if (items.length === 0) return { done: true };
      const raw = buildBatchBody(batchId, items);
      const { bytes, encoding } = encodeBody(raw, this.config.compression, this.config.brotliQuality);
      this.#sizer.observeCompression(raw.length, bytes.length);
      if (bytes.length > this.config.batchLimitBytes && items.length > 1) {
        // Would be refused with 413 anyway: split locally without a round trip.
        this.outbox.release(batchId);
        this.#maxItemsOverride = Math.max(1, Math.floor(items.length / 2));
        this.#sizer.onTooLarge(bytes.length);
        return { done: false };
      }
      this.#current = { batchId, seqs: items.map((i) => i.seq), body: bytes, encoding, timeouts: 0, serverErrors: 0 };
      this.#queueStatus();
    }
    const cur = this.#current;
    const res = await client.sendBatch(cur.body, cur.encoding);
    if (res.ok) {
      const answer = res.value.body;
      this.#offset.record(answer.server_time, this.#clocks.wallNow(), res.value.rttMs);
      const summary = this.outbox.applyResults(cur.batchId, answer.results, answer.server_time);
      for (const r of answer.results) {
        if (r.status === 'rejected' && cur.seqs.includes(r.seq)) {
          this.#events.emit('rejected', { txId: r.tx_id, seq: r.seq, code: r.code ?? 'rejected', message: r.message });
        }
      }
      this.#log.info(
        { batch_id: cur.batchId, items: cur.seqs.length, wire_bytes: cur.body.length, encoding: cur.encoding, rtt_ms: res.value.rttMs, ...summary, applied_through_seq: answer.applied_through_seq },
        'sync: batch acknowledged',
      );
      if (summary.acked + summary.rejected + summary.deferred === 0 && summary.unmentioned > 0) {
        // A verified answer that settles nothing: do not spin resending; back off like a failure.
        this.#current = null;
        return { done: false, failure: { kind: 'transient', code: 'results_missing', message: 'platform answered without results for the batch' } };
      }
      counters.acked += summary.acked;
      counters.rejected += summary.rejected;
      counters.deferred += summary.deferred;
      counters.batches++;
      this.#current = null;
      this.#sizer.onSuccess();
      if (this.#maxItemsOverride !== null) this.#maxItemsOverride = Math.max(1, this.#maxItemsOverride * 2) >= this.config.batchMaxItems ? null : this.#maxItemsOverride * 2;
      this.#noteSuccess(answer.server_time);
      return { done: false };
    }
    const status = res.error.status;
    const f = bareFailure(res.error);
    this.#log.warn({ batch_id: cur.batchId, items: cur.seqs.length, wire_bytes: cur.body.length, status, kind: f.kind, code: f.code }, 'sync: batch not acknowledged');
    if (f.kind === 'too_large' || f.kind === 'permanent') {
      if (cur.seqs.length === 1) {
        const seq = cur.seqs[0]!;
        const code = f.kind === 'too_large' ? 'item_too_large' : f.code;
        const message = f.kind === 'too_large' ? '这笔业务的数据超过平台允许的大小，请联系技术员。' : f.message;
        const rejected = this.outbox.rejectInflight(cur.batchId, seq, code, message);
        if (rejected) {
          this.#events.emit('rejected', rejected);
          counters.rejected++;
        }
      } else {
        // Halve: 413 by size; a permanent refusal of a multi-item batch by bisection to find the item.
        this.outbox.release(cur.batchId);
        this.#maxItemsOverride = Math.max(1, Math.floor(cur.seqs.length / 2));
        if (f.kind === 'too_large') this.#sizer.onTooLarge(cur.body.length);
      }
      this.#current = null;
      return { done: false };
    }
    if (f.kind === 'transient' && linkLostCodes.has(f.code)) {
      // No answer at all: the link is gone. Start again from the smallest batch so the first answer
      // after the link returns costs seconds, not a whole large batch at link speed (grows ×2 on
      // each success). A batch much bigger than that is rebuilt now (safe: items are deduplicated
      // by tx_id); a batch already small is resent as it is, so its items' attempts do not climb
      // with every retry of a long outage.
      this.#sizer.onLinkLost();
      this.#transport?.resetConnection();
      if (cur.seqs.length > 1 && cur.body.length > this.#sizer.targetWireBytes * 2) {
        this.outbox.release(cur.batchId);
        this.#current = null;
        return { done: false, failure: f };
      }
    }
    if (f.kind === 'transient' && timeoutCodes.has(f.code)) {
      this.#sizer.onTimeout();
      this.#transport?.resetConnection();
      cur.timeouts++;
      if (cur.timeouts >= this.config.batchTimeoutsBeforeSplit && cur.seqs.length > 1) {
        // Never finishes on this link: rebuild smaller (safe — each item is deduplicated by tx_id).
        this.outbox.release(cur.batchId);
        this.#maxItemsOverride = Math.max(1, Math.floor(cur.seqs.length / 2));
        this.#current = null;
      }
    }
    if (f.kind === 'transient' && status === 500) {
      // The platform answers 500 (not a gateway's 502–504) and keeps failing on this batch: one item may trip a platform
      // bug. Bisect (safe: items are deduplicated by tx_id); a single such item is released and,
      // once it has failed heldAfterAttempts times, sent after everything else — never rejected
      // without the platform's verdict, never blocking the queue.
      cur.serverErrors++;
      if (cur.serverErrors >= this.config.batchServerErrorsBeforeSplit) {
        this.outbox.release(cur.batchId);
        this.#maxItemsOverride = Math.max(1, Math.floor(cur.seqs.length / 2));
        this.#current = null;
      }
    }
    // transient or auth: the same batch (same batch_id, same bytes) is resent later.
    return { done: false, failure: f };
  }

  async #pullChanges(client: PlatformClient): Promise<{ applied: number; failure?: SyncFailure }> {
    let applied = 0;
    let restarts = 0;
    for (;;) {
      const res = await client.changes(this.datasets.cursor(), this.config.changesPageLimit);
      if (!res.ok) {
        if (res.error.status === 410 && restarts < 2) {
          restarts++;
          this.#log.warn({ code: res.error.code }, 'sync: changes cursor expired, downloading all datasets again');
          this.datasets.restartFromScratch();
          continue;
        }
        return { applied, failure: bareFailure(res.error) };
      }
      const answer = res.value.body;
      this.#offset.record(answer.server_time, this.#clocks.wallNow(), res.value.rttMs);
      const page = this.datasets.applyPage(answer.changes, answer.next_cursor, answer.has_more);
      applied += page.applied;
      this.#noteSuccess(answer.server_time);
      if (!answer.has_more) return { applied };
    }
  }

  #noteSuccess(serverTime: string | null): void {
    this.#link = 'up';
    if (this.#linkLostAt !== null) {
      this.#linkLostAt = null;
      this.#transport?.setConnectTimeoutMs(null);
    }
    this.#lastSuccess = { deviceTime: new Date(this.#clocks.wallNow()).toISOString(), serverTime };
    this.#persistLast();
    this.#queueStatus();
  }

  #noteFailure(f: SyncFailure): void {
    if (f.kind === 'transient' && linkLostCodes.has(f.code)) this.#linkLostAt ??= this.#clocks.monoNow();
    else this.#linkLostAt = null; // something answered: the link works
    this.#link = f.kind === 'auth' ? 'unauthorized' : f.kind === 'transient' ? 'down' : this.#link;
    this.#lastError = { code: f.code, message: f.message, deviceTime: new Date(this.#clocks.wallNow()).toISOString() };
    this.#persistLast();
    this.#queueStatus();
  }

  /** Kept in the store so `npm run sync -- status` in another process shows the kiosk's last outcome. */
  #persistLast(): void {
    if (this.#db.open) setState(this.#db, LAST_KEY, { link: this.#link, lastSuccess: this.#lastSuccess, lastError: this.#lastError });
  }

  #getClient(): PlatformClient | null {
    const id = this.#identity;
    if (!id) return null;
    if (!this.#client) {
      this.#transport = new Transport(
        {
          baseUrl: id.platformUrl,
          ...(this.config.caCertPath ? { caCertPath: this.config.caCertPath } : {}),
          connectTimeoutMs: this.config.connectTimeoutMs,
          progressTimeoutMs: this.config.progressTimeoutMs,
          deadlineBaseMs: this.config.deadlineBaseMs,
          deadlineMinBytesPerS: this.config.deadlineMinBytesPerS,
        },
        this.#clocks.monoNow,
      );
      this.#client = new PlatformClient(this.#transport, { deviceId: id.deviceId, privateKey: id.privateKey, platformPublicKey: id.platformPublicKey }, this.#clocks.wallNow);
    }
    return this.#client;
  }

  #closeClient(): void {
    this.#transport?.close();
    this.#transport = null;
    this.#client = null;
  }
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new Engine(options);
}
