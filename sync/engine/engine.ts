import type Database from 'better-sqlite3';
import { TypedEmitter } from '../../rules/typed-emitter';
import { DatasetStore } from '../changes/dataset-store';
import { readBootId, systemClocks } from '../clock/clock';
import type { Clocks } from '../clock/clock';
import { ClockOffset } from '../clock/offset';
import type { SyncFailure } from '../client/errors';
import type { PlatformClient } from '../client/platform-client';
import { enrolDevice } from '../enrol/enrol';
import type { EnrolOptions, EnrolResult } from '../enrol/enrol';
import { loadIdentity } from '../enrol/identity';
import type { Identity } from '../enrol/identity';
import { silentLogger } from '../logger';
import type { SyncLogger } from '../logger';
import { reclaimSpace } from '../maintenance';
import { OutboxStore } from '../outbox/outbox-store';
import type { Sealer } from '../sealer';
import { BatchSender } from './batch-sender';
import { uploadWaitingBlobs } from './blob-phase';
import type { BlobPhaseDeps } from './blob-phase';
import { pullChanges } from './changes-phase';
import type { ChangesPhaseDeps } from './changes-phase';
import { resolveConfig } from './config';
import type { SyncConfig, SyncConfigInput } from './config';
import { LinkStatusStore } from './link-status-store';
import { PlatformConnection } from './platform-connection';
import { Scheduler } from './scheduler';
import type { CycleReport, RejectedEvent, SyncStatus } from './status';

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
  enrol(opts: EnrolOptions): Promise<EnrolResult>;
  start(): void;
  stop(): Promise<void>;
  /** Runs a full cycle now (uploads, blobs, changes) and resolves with what it did. */
  syncNow(): Promise<CycleReport>;
  /** One maintenance pass: retention purge and incremental vacuum. */
  maintain(): { payloadsDropped: number; rowsDeleted: number; blobsDeleted: number; freedPages: number };
  /** The checked remote `retention_days` for the maintenance pass (undefined: the local setting). */
  useRemoteRetentionDays(source: () => number | undefined): void;
  status(): SyncStatus;
  on(event: 'status', cb: (s: SyncStatus) => void): () => void;
  on(event: 'rejected', cb: (e: RejectedEvent) => void): () => void;
}

/**
 * The coordinator: wires the stores and the phases together and runs one cycle at a time. When a
 * cycle runs is the scheduler's job; batches are the sender's (with the split policy), attachments
 * the blob phase's, reference data the changes phase's, link state the link-status store's.
 */
class Engine implements SyncEngine {
  readonly outbox: OutboxStore;
  readonly datasets: DatasetStore;
  readonly config: SyncConfig;
  readonly #db: Database.Database;
  readonly #sealer: Sealer;
  readonly #log: SyncLogger;
  readonly #clocks: Clocks;
  readonly #offset: ClockOffset;
  readonly #events = new TypedEmitter<{ status: SyncStatus; rejected: RejectedEvent }>();
  readonly #connection: PlatformConnection;
  readonly #link: LinkStatusStore;
  readonly #sender: BatchSender;
  readonly #scheduler: Scheduler;
  readonly #blobDeps: BlobPhaseDeps;
  readonly #changesDeps: ChangesPhaseDeps;

  #identity: Identity | null;
  #upload: SyncStatus['upload'] = null;
  #cycleChain: Promise<unknown> = Promise.resolve();
  #statusQueued = false;
  #lastChangesAt: number | null = null;
  #lastMaintenanceAt: number | null = null;
  #remoteRetentionDays: () => number | undefined = () => undefined;
  #lastDeferredRetryAt: number;

  constructor(o: SyncEngineOptions) {
    this.config = resolveConfig(o.config);
    this.#db = o.db;
    this.#sealer = o.sealer;
    this.#log = o.logger ?? silentLogger;
    this.#clocks = { wallNow: o.now ?? systemClocks.wallNow, monoNow: o.monoNow ?? systemClocks.monoNow };
    const bootId = o.bootId ?? readBootId();
    this.#offset = new ClockOffset(o.db, this.#clocks, bootId);
    this.outbox = new OutboxStore({
      db: o.db,
      sealer: o.sealer,
      clocks: this.#clocks,
      bootId,
      clockEstimate: () => this.#offset.estimate(),
      onChange: () => this.#queueStatus(),
      onEnqueue: () => this.#scheduler.onEnqueue(),
    });
    this.outbox.setMeasuredMonoSource(() => this.#offset.measuredAtMono());
    this.datasets = new DatasetStore(o.db, o.sealer, this.#log);
    this.#connection = new PlatformConnection(this.config, this.#clocks, () => this.#offset.serverNowMs());
    this.#identity = loadIdentity(o.db, o.sealer);
    this.#link = new LinkStatusStore(
      {
        db: o.db,
        clocks: this.#clocks,
        onChange: () => this.#queueStatus(),
        onLinkBack: () => this.#connection.setConnectTimeoutMs(null),
      },
      this.#identity !== null,
    );
    const onServerTime = (serverTime: string, rttMs: number): void =>
      this.#offset.record(serverTime, this.#clocks.wallNow(), rttMs);
    this.#sender = new BatchSender({
      outbox: this.outbox,
      config: this.config,
      log: this.#log,
      onServerTime,
      onAcknowledged: (serverTime) => this.#link.noteSuccess(serverTime),
      onRejected: (e) => this.#events.emit('rejected', e),
      resetSocket: () => this.#connection.resetSocket(),
      onChange: () => this.#queueStatus(),
    });
    this.#blobDeps = {
      outbox: this.outbox,
      config: this.config,
      log: this.#log,
      onProgress: (upload) => {
        this.#upload = upload;
        this.#queueStatus();
      },
      onRejected: (e) => this.#events.emit('rejected', e),
      onUploaded: () => this.#link.noteSuccess(null),
    };
    this.#changesDeps = {
      datasets: this.datasets,
      pageLimit: this.config.changesPageLimit,
      log: this.#log,
      onServerTime,
      onPage: (serverTime) => this.#link.noteSuccess(serverTime),
    };
    this.#scheduler = new Scheduler({
      config: this.config,
      clocks: this.#clocks,
      random: o.random ?? Math.random,
      log: this.#log,
      enrolled: () => this.#identity !== null,
      onUnenrolled: () => {
        this.#link.setLink('unenrolled');
        this.#queueStatus();
      },
      runCycle: () => this.#serialCycle(false),
      onCycleCrash: (failure) => this.#link.noteFailure(failure),
      ping: () => this.#client()?.ping() ?? null,
      inFastOutage: () => this.#link.inFastOutage(this.config.outageFastRetryMs),
      setConnectTimeoutMs: (ms) => this.#connection.setConnectTimeoutMs(ms),
      deferredRetryDueInMs: () =>
        Math.max(0, this.#lastDeferredRetryAt + this.config.deferredRetryMs - this.#clocks.monoNow()),
      onChange: () => this.#queueStatus(),
    });
    this.#lastDeferredRetryAt = this.#clocks.monoNow();
  }

  on(event: 'status' | 'rejected', cb: (v: never) => void): () => void {
    return this.#events.on(event, cb as never);
  }

  status(): SyncStatus {
    return {
      link: this.#link.link,
      recordedLink: this.#link.recordedLink,
      running: this.#scheduler.running,
      deviceId: this.#identity?.deviceId ?? null,
      queue: this.outbox.counts(),
      inflight: this.#sender.inflight,
      upload: this.#upload,
      lastSuccess: this.#link.lastSuccess,
      lastError: this.#link.lastError,
      nextAttemptInMs: this.#scheduler.nextAttemptInMs,
      clock: this.#offset.estimate(),
    };
  }

  async enrol(opts: EnrolOptions): Promise<EnrolResult> {
    const result = await enrolDevice({
      db: this.#db,
      sealer: this.#sealer,
      config: this.config,
      logger: this.#log,
      wallNow: this.#clocks.wallNow,
      monoNow: this.#clocks.monoNow,
      alreadyEnrolled: this.#identity !== null,
      onServerTime: (t, wall, rtt) => this.#offset.record(t, wall, rtt),
      platformNowMs: () => this.#offset.serverNowMs(),
      ...opts,
    });
    if (result.ok) {
      this.#identity = loadIdentity(this.#db, this.#sealer);
      this.#connection.close();
      this.#link.setLink('unknown');
      this.#scheduler.wakeUp();
      this.#queueStatus();
    }
    return result;
  }

  start(): void {
    if (this.#scheduler.running) return;
    const recovered = this.outbox.recoverInflight();
    if (recovered > 0) this.#log.info({ items: recovered }, 'sync: in-flight items returned to pending');
    this.outbox.promoteDeferred(true);
    this.#scheduler.start();
    this.#queueStatus();
  }

  async stop(): Promise<void> {
    if (!this.#scheduler.running) {
      this.#connection.close();
      return;
    }
    const loopDone = this.#scheduler.halt();
    this.#connection.abort();
    await loopDone;
    await this.#cycleChain.catch(() => undefined);
    this.#sender.releaseCurrent();
    this.#connection.close();
    this.#queueStatus();
  }

  syncNow(): Promise<CycleReport> {
    this.#lastChangesAt = null;
    this.#scheduler.wakeUp();
    return this.#serialCycle(true);
  }

  /**
   * Where the county's `retention_days` comes from once checked (main/services/remote-config.ts holds
   * its rule): the raw dataset is never read here, so a refused value never shortens or stretches
   * what the outbox keeps.
   */
  useRemoteRetentionDays(source: () => number | undefined): void {
    this.#remoteRetentionDays = source;
  }

  maintain(): { payloadsDropped: number; rowsDeleted: number; blobsDeleted: number; freedPages: number } {
    const rowDays = this.#remoteRetentionDays() ?? this.config.ackedRowRetentionDays;
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

  #queueStatus(): void {
    if (this.#statusQueued) return;
    this.#statusQueued = true;
    setImmediate(() => {
      this.#statusQueued = false;
      // The host may close the store right after stop(); a late status has nobody to tell.
      if (this.#db.open) this.#events.emit('status', this.status());
    });
  }

  #client(): PlatformClient | null {
    return this.#identity ? this.#connection.clientFor(this.#identity) : null;
  }

  // ——— one cycle ———

  /** Cycles never overlap: the loop's and syncNow()'s run one after the other. */
  #serialCycle(forceChanges: boolean): Promise<CycleReport> {
    const next = this.#cycleChain.then(() => this.#cycle(forceChanges));
    this.#cycleChain = next.catch(() => undefined);
    return next;
  }

  /** promote deferred → batches until none pending → blobs (→ again while that freed items) → changes → maintenance. */
  async #cycle(forceChanges: boolean): Promise<CycleReport> {
    this.#scheduler.cycleStarted();
    const counters = { acked: 0, rejected: 0, deferred: 0, batches: 0, blobsUploaded: 0, changesApplied: 0 };
    const client = this.#client();
    if (!client) {
      return {
        ok: false,
        ...counters,
        failure: { kind: 'auth', code: 'not_enrolled', message: '终端尚未注册到平台，请技术员执行 enrol。' },
      };
    }
    const fail = (failure: SyncFailure, withWork = false): CycleReport => {
      this.#link.noteFailure(failure, withWork);
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
        const sendFailure = await this.#sender.sendAll(client, counters);
        if (sendFailure) return fail(sendFailure, true);
        const blobs = await uploadWaitingBlobs(this.#blobDeps, client, counters);
        if (blobs.waiting === 0) break;
        if (blobs.failure) return fail(blobs.failure, true);
        if (this.outbox.promoteDeferred(false) === 0 && blobs.uploaded === 0) break;
      }
      const changesDue =
        forceChanges ||
        this.#lastChangesAt === null ||
        this.#clocks.monoNow() - this.#lastChangesAt >= this.config.idlePollMs;
      if (changesDue) {
        const r = await pullChanges(this.#changesDeps, client);
        counters.changesApplied += r.applied;
        if (r.failure) return fail(r.failure);
        this.#lastChangesAt = this.#clocks.monoNow();
      }
      if (
        this.#lastMaintenanceAt === null ||
        this.#clocks.monoNow() - this.#lastMaintenanceAt >= this.config.maintenanceIntervalMs
      ) {
        this.maintain();
      }
      return { ok: true, ...counters };
    } finally {
      this.#queueStatus();
    }
  }
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new Engine(options);
}
