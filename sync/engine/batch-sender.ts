import { randomUUID } from 'node:crypto';
import { BatchSizer } from '../client/batch-sizer';
import { encodeBody } from '../client/compress';
import type { BodyEncoding } from '../client/compress';
import { bareFailure } from '../client/errors';
import type { SyncFailure } from '../client/errors';
import type { PlatformClient } from '../client/platform-client';
import type { SyncLogger } from '../logger';
import { buildBatchBody } from '../outbox/batch-body';
import type { OutboxStore } from '../outbox/outbox-store';
import { LIMITS } from '../protocol/wire';
import type { SyncConfig } from './config';
import {
  decideAfterFailure,
  decideBeforeSending,
  isLinkLost,
  isServerError,
  isTimeout,
  itemCapAfterSuccess,
} from './split-policy';
import type { SplitDecision } from './split-policy';
import type { RejectedEvent, SyncStatus } from './status';

export interface BatchSenderDeps {
  readonly outbox: OutboxStore;
  readonly config: SyncConfig;
  readonly log: SyncLogger;
  /** A verified answer's signed server time and the round trip it took (clock offset). */
  readonly onServerTime: (serverTime: string, rttMs: number) => void;
  readonly onAcknowledged: (serverTime: string) => void;
  readonly onRejected: (e: RejectedEvent) => void;
  /** Drops the kept-alive socket after a lost link or a timeout. */
  readonly resetSocket: () => void;
  /** The batch in flight changed (status). */
  readonly onChange: () => void;
}

export interface UploadCounters {
  acked: number;
  rejected: number;
  deferred: number;
  batches: number;
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

/**
 * Sends the pending items in batches, one request in flight: picks items by the adaptive byte
 * target, resends a failed batch unchanged (same batch id, same bytes) or releases it and rebuilds
 * it smaller as the split policy says, and commits each verified answer.
 */
export class BatchSender {
  readonly #d: BatchSenderDeps;
  readonly #sizer: BatchSizer;
  #current: CurrentBatch | null = null;
  /** Items per batch while a split is in force (doubles back after each acknowledged batch). */
  #itemCap: number | null = null;

  constructor(deps: BatchSenderDeps) {
    this.#d = deps;
    const c = deps.config;
    this.#sizer = new BatchSizer({
      initialBytes: c.batchInitialBytes,
      minBytes: c.batchMinBytes,
      maxBytes: c.batchMaxBytes,
    });
  }

  get inflight(): SyncStatus['inflight'] {
    const cur = this.#current;
    return cur ? { batchId: cur.batchId, items: cur.seqs.length, bytes: cur.body.length } : null;
  }

  /** Sends batches until nothing is pending (null) or a batch failed (the failure: wait, then retry). */
  async sendAll(client: PlatformClient, counters: UploadCounters): Promise<SyncFailure | null> {
    for (;;) {
      const step = await this.#sendOne(client, counters);
      if (step.done) return null;
      if (step.failure) return step.failure;
    }
  }

  /** Returns the batch in flight to pending (stop). */
  releaseCurrent(): void {
    if (this.#current) {
      this.#d.outbox.release(this.#current.batchId);
      this.#current = null;
    }
  }

  async #sendOne(client: PlatformClient, counters: UploadCounters): Promise<Step> {
    if (!this.#current) {
      const built = this.#build();
      if (built !== 'built') return built;
    }
    const cur = this.#current!;
    const res = await client.sendBatch(cur.body, cur.encoding);
    if (!res.ok) return this.#onFailure(cur, bareFailure(res.error), res.error.status, counters);
    const answer = res.value.body;
    const { outbox, log } = this.#d;
    this.#d.onServerTime(answer.server_time, res.value.rttMs);
    const summary = outbox.applyResults(cur.batchId, answer.results, answer.server_time);
    for (const r of answer.results) {
      if (r.status === 'rejected' && cur.seqs.includes(r.seq)) {
        this.#d.onRejected({ txId: r.tx_id, seq: r.seq, code: r.code ?? 'rejected', message: r.message });
      }
    }
    log.info(
      {
        batch_id: cur.batchId,
        items: cur.seqs.length,
        wire_bytes: cur.body.length,
        encoding: cur.encoding,
        rtt_ms: res.value.rttMs,
        ...summary,
        applied_through_seq: answer.applied_through_seq,
      },
      'sync: batch acknowledged',
    );
    this.#current = null;
    if (summary.acked + summary.rejected + summary.deferred === 0 && summary.unmentioned > 0) {
      // A verified answer that settles nothing: do not spin resending; back off like a failure.
      return {
        done: false,
        failure: {
          kind: 'transient',
          code: 'results_missing',
          message: 'platform answered without results for the batch',
        },
      };
    }
    counters.acked += summary.acked;
    counters.rejected += summary.rejected;
    counters.deferred += summary.deferred;
    counters.batches++;
    this.#sizer.onSuccess();
    this.#itemCap = itemCapAfterSuccess(this.#itemCap, this.#d.config.batchMaxItems);
    this.#d.onAcknowledged(answer.server_time);
    return { done: false };
  }

  /** Claims the next batch and encodes it; a step instead when there is nothing to send or it was split at once. */
  #build(): 'built' | Step {
    const { outbox, config } = this.#d;
    const maxItems = Math.min(config.batchMaxItems, LIMITS.batchMaxItems, this.#itemCap ?? Infinity);
    const picks = outbox.peekPending(this.#sizer.rawBudget(), maxItems, config.heldAfterAttempts);
    if (picks.length === 0) return { done: true };
    const batchId = randomUUID();
    const items = outbox.claim(
      picks.map((p) => p.seq),
      batchId,
    );
    if (items.length === 0) return { done: true };
    const raw = buildBatchBody(batchId, items);
    const { bytes, encoding } = encodeBody(raw, config.compression, config.brotliQuality);
    this.#sizer.observeCompression(raw.length, bytes.length);
    const decision = decideBeforeSending(items.length, bytes.length, config.batchLimitBytes);
    if (decision.action === 'split') {
      this.#sizer.onTooLarge(bytes.length);
      this.#apply(decision, batchId);
      return { done: false };
    }
    this.#current = { batchId, seqs: items.map((i) => i.seq), body: bytes, encoding, timeouts: 0, serverErrors: 0 };
    this.#d.onChange();
    return 'built';
  }

  #onFailure(cur: CurrentBatch, f: SyncFailure, status: number | undefined, counters: UploadCounters): Step {
    const { config, log } = this.#d;
    log.warn(
      {
        batch_id: cur.batchId,
        items: cur.seqs.length,
        wire_bytes: cur.body.length,
        status,
        kind: f.kind,
        code: f.code,
      },
      'sync: batch not acknowledged',
    );
    // No answer at all: start again from the smallest batch (grows ×2 on each success) so the first
    // answer after the link returns costs seconds, not a whole large batch at link speed.
    if (isLinkLost(f)) {
      this.#sizer.onLinkLost();
      this.#d.resetSocket();
    }
    const timedOut = isTimeout(f);
    const decision = decideAfterFailure(
      {
        items: cur.seqs.length,
        wireBytes: cur.body.length,
        timeouts: cur.timeouts + (timedOut ? 1 : 0),
        serverErrors: cur.serverErrors + (isServerError(f, status) ? 1 : 0),
      },
      f,
      status,
      {
        timeoutsBeforeSplit: config.batchTimeoutsBeforeSplit,
        serverErrorsBeforeSplit: config.batchServerErrorsBeforeSplit,
        rebuildAboveWireBytes: this.#sizer.targetWireBytes * 2,
      },
    );
    if (timedOut && decision.action !== 'rebuild') {
      this.#sizer.onTimeout();
      this.#d.resetSocket();
      cur.timeouts++;
    }
    if (isServerError(f, status)) cur.serverErrors++;
    if (f.kind === 'too_large' && decision.action === 'split') this.#sizer.onTooLarge(cur.body.length);
    if (decision.action === 'reject') {
      const rejected = this.#d.outbox.rejectInflight(cur.batchId, cur.seqs[0]!, decision.code, decision.message);
      if (rejected) {
        this.#d.onRejected(rejected);
        counters.rejected++;
      }
      this.#current = null;
    } else if (decision.action !== 'resend') {
      this.#apply(decision, cur.batchId);
      this.#current = null;
    }
    // A refusal of the batch is settled now (item rejected or batch split): go on sending. Anything
    // else (transient, auth) waits; the same batch is resent unless it was released.
    return f.kind === 'too_large' || f.kind === 'permanent' ? { done: false } : { done: false, failure: f };
  }

  /** Release the batch; a split also caps the items of the next batches. */
  #apply(decision: Extract<SplitDecision, { action: 'split' | 'rebuild' }>, batchId: string): void {
    this.#d.outbox.release(batchId);
    if (decision.action === 'split') this.#itemCap = decision.maxItems;
  }
}
