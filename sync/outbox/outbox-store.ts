import type Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { sealContext, type Sealer } from '../sealer';
import type { Clocks } from '../clock/clock';
import type { ClockEstimate } from '../clock/offset';
import { canonicalJson } from './canonical';
import { prepareAttachment } from '../blobs/prepare';
import type {
  AttachmentRef,
  EnqueueInput,
  EnqueueResult,
  ItemResult,
  OutboxCounts,
  OutboxItemView,
  OutboxState,
  TxKind,
  WireItem,
} from './types';
import { txKinds } from './types';

const PURGE_CHUNK = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  seq: number;
  tx_id: string;
  kind: TxKind;
  service_code: string | null;
  catalog_version: number | null;
  depends_on: string | null;
  /** Only in rows read with their payload (claim); kept in sync_outbox_payloads. */
  payload_sealed?: Uint8Array | null;
  payload_sha256: string;
  payload_bytes: number;
  attachments: string;
  device_time: string;
  boot_id: string;
  enqueue_mono_ms: number;
  clock_offset_ms: number | null;
  clock_age_s: number | null;
  state: OutboxState;
  batch_id: string | null;
  attempts: number;
  server_ref: string | null;
  code: string | null;
  message: string | null;
}

export interface OutboxDeps {
  readonly db: Database.Database;
  readonly sealer: Sealer;
  readonly clocks: Clocks;
  readonly bootId: string;
  readonly clockEstimate: () => ClockEstimate;
  /** Called after any change of state counts (the engine turns it into a status event). */
  readonly onChange?: () => void;
  /** Called after enqueue() (inside the caller's transaction: act on it asynchronously). */
  readonly onEnqueue?: () => void;
}

/** What applying one batch response did, for logging and status. */
export interface ApplySummary {
  readonly acked: number;
  readonly rejected: number;
  readonly deferred: number;
  readonly unmentioned: number;
}

/**
 * The outbox: one row per transaction, `seq` never reused (AUTOINCREMENT), payload frozen as JCS
 * text and sealed at enqueue. Every method that writes uses db.transaction(), which better-sqlite3
 * turns into a savepoint when the caller already holds a transaction — so enqueue() can run inside
 * the host's own transaction with its business row and commit (or roll back) with it.
 */
export class OutboxStore {
  readonly #db: Database.Database;
  readonly #sealer: Sealer;
  readonly #deps: OutboxDeps;

  readonly #statements = new Map<string, Database.Statement>();

  /** Prepared statements are cached: preparing costs more than running on the enqueue path. */
  #stmt(sql: string): Database.Statement {
    let st = this.#statements.get(sql);
    if (!st) {
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
    this.#db = deps.db;
    this.#sealer = deps.sealer;
  }

  enqueue(input: EnqueueInput): EnqueueResult {
    if (!txKinds.includes(input.kind)) throw new Error(`unknown kind ${String(input.kind)}`);
    const txId = (input.txId ?? randomUUID()).toLowerCase();
    if (!UUID.test(txId)) throw new Error('txId must be a UUID');
    if (input.dependsOn != null && !UUID.test(input.dependsOn)) throw new Error('dependsOn must be a UUID');
    const jcs = canonicalJson(input.payload);
    const sha = createHash('sha256').update(jcs, 'utf8').digest('hex');
    // Prepared outside any transaction when the caller used prepareAttachment(); raw images are
    // re-encoded here, which holds the write lock longer.
    const attachments = (input.attachments ?? []).map((a) =>
      'prepared' in a && a.prepared ? a : prepareAttachment(a),
    );
    const refs: AttachmentRef[] = attachments.map((a) => ({ sha256: a.sha256, size: a.size, mime: a.mime }));
    const clock = this.#deps.clockEstimate();

    const run = this.#db.transaction((): EnqueueResult => {
      const existing = this.#stmt('SELECT seq, payload_sha256 FROM sync_outbox WHERE tx_id = ?').get(txId) as
        { seq: number; payload_sha256: string } | undefined;
      if (existing) {
        // Same tx saved twice (a retried host call) is harmless; a changed payload is a new transaction.
        if (existing.payload_sha256 !== sha) throw new Error(`tx ${txId} already queued with a different payload`);
        return { seq: existing.seq, txId };
      }
      const insertBlob = this.#stmt(
        'INSERT INTO sync_blobs (sha256, mime, size, data_sealed, uploaded) VALUES (?, ?, ?, ?, 0) ON CONFLICT(sha256) DO NOTHING',
      );
      for (const a of attachments) {
        insertBlob.run(a.sha256, a.mime, a.size, this.#sealer.seal(a.data, sealContext.blob(a.sha256)));
      }
      const allUploaded = refs.every((r) => this.#blobUploaded(r.sha256));
      const sealed = this.#sealer.seal(Buffer.from(jcs, 'utf8'), sealContext.payload(txId));
      const info = this.#stmt(
        `INSERT INTO sync_outbox (tx_id, kind, service_code, catalog_version, depends_on, payload_sha256,
             payload_bytes, attachments, device_time, boot_id, enqueue_mono_ms, clock_offset_ms, clock_age_s, state, code)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        txId,
        input.kind,
        input.serviceCode,
        input.catalogVersion,
        input.dependsOn ?? null,
        sha,
        Buffer.byteLength(jcs, 'utf8'),
        JSON.stringify(refs),
        new Date(this.#deps.clocks.wallNow()).toISOString(),
        this.#deps.bootId,
        this.#deps.clocks.monoNow(),
        clock.offsetMs,
        clock.ageS,
        allUploaded ? 'pending' : 'deferred',
        allUploaded ? null : 'attachment_pending',
      );
      const seq = Number(info.lastInsertRowid);
      this.#stmt('INSERT INTO sync_outbox_payloads (seq, payload_sealed) VALUES (?, ?)').run(seq, sealed);
      return { seq, txId };
    });
    const result = run();
    this.#changed();
    this.#deps.onEnqueue?.();
    return result;
  }

  counts(): OutboxCounts {
    // Kept exact by triggers (migration sync_002): cheap at any queue length.
    const rows = this.#stmt('SELECT state, n FROM sync_outbox_counts').all() as { state: OutboxState; n: number }[];
    const by = Object.fromEntries(rows.map((r) => [r.state, r.n])) as Partial<Record<OutboxState, number>>;
    // One index probe per state on (state, seq) rather than a scan across the three.
    let oldest: { seq: number; tx_id: string; device_time: string } | undefined;
    for (const state of ['pending', 'inflight', 'deferred'] as const) {
      const r = this.#stmt('SELECT seq, tx_id, device_time FROM sync_outbox WHERE state = ? ORDER BY seq LIMIT 1').get(
        state,
      ) as typeof oldest;
      if (r && (!oldest || r.seq < oldest.seq)) oldest = r;
    }
    return {
      pending: by.pending ?? 0,
      inflight: by.inflight ?? 0,
      acked: by.acked ?? 0,
      rejected: by.rejected ?? 0,
      deferred: by.deferred ?? 0,
      oldestPending: oldest ? { seq: oldest.seq, txId: oldest.tx_id, deviceTime: oldest.device_time } : null,
    };
  }

  /** Whether an item of this kind is still waiting to be accepted (pending, in flight or deferred). */
  hasUnsent(kind: TxKind): boolean {
    return (
      this.#stmt(
        "SELECT 1 FROM sync_outbox WHERE state IN ('pending', 'inflight', 'deferred') AND kind = ? LIMIT 1",
      ).get(kind) !== undefined
    );
  }

  get(txId: string): OutboxItemView | null {
    const row = this.#stmt('SELECT * FROM sync_outbox WHERE tx_id = ?').get(txId.toLowerCase()) as Row | undefined;
    return row ? view(row) : null;
  }

  listRejected(): OutboxItemView[] {
    return (this.#stmt("SELECT * FROM sync_outbox WHERE state = 'rejected' ORDER BY seq").all() as Row[]).map(view);
  }

  serverRefFor(txId: string): string | null {
    const row = this.#stmt('SELECT server_ref FROM sync_outbox WHERE tx_id = ?').get(txId.toLowerCase()) as
      { server_ref: string | null } | undefined;
    return row?.server_ref ?? null;
  }

  // ——— used by the sender ———

  /** On start nothing can be in flight: what was sent before a crash goes back to pending. */
  recoverInflight(): number {
    const n = this.#stmt("UPDATE sync_outbox SET state = 'pending', batch_id = NULL WHERE state = 'inflight'").run()
      .changes;
    if (n > 0) this.#changed();
    return n;
  }

  /** Pending items in seq order, up to the byte and count budgets (at least one item if any). */
  peekPending(
    maxPayloadBytes: number,
    maxItems: number,
    heldAfterAttempts = Number.MAX_SAFE_INTEGER,
  ): { seq: number; payloadBytes: number }[] {
    // Items sent heldAfterAttempts times without a verdict go after all others (a poison item
    // that makes the platform fail must not hold up the queue).
    let rows = this.#stmt(
      "SELECT seq, payload_bytes FROM sync_outbox WHERE state = 'pending' AND attempts < ? ORDER BY seq LIMIT ?",
    ).all(heldAfterAttempts, maxItems) as { seq: number; payload_bytes: number }[];
    if (rows.length === 0) {
      // Among held items the one tried most goes last, so it cannot keep the others behind it.
      rows = this.#stmt(
        "SELECT seq, payload_bytes FROM sync_outbox WHERE state = 'pending' ORDER BY attempts, seq LIMIT ?",
      ).all(maxItems) as {
        seq: number;
        payload_bytes: number;
      }[];
    }
    const out: { seq: number; payloadBytes: number }[] = [];
    let total = 0;
    for (const r of rows) {
      if (out.length > 0 && total + r.payload_bytes > maxPayloadBytes) break;
      out.push({ seq: r.seq, payloadBytes: r.payload_bytes });
      total += r.payload_bytes;
    }
    return out;
  }

  /** Marks the given pending items inflight under batchId and returns their frozen wire form. */
  claim(seqs: readonly number[], batchId: string): WireItem[] {
    const run = this.#db.transaction((): WireItem[] => {
      const get = this.#stmt(
        "SELECT o.*, p.payload_sealed FROM sync_outbox o JOIN sync_outbox_payloads p ON p.seq = o.seq WHERE o.seq = ? AND o.state = 'pending'",
      );
      const mark = this.#stmt(
        "UPDATE sync_outbox SET state = 'inflight', batch_id = ?, attempts = attempts + 1 WHERE seq = ?",
      );
      const items: WireItem[] = [];
      for (const seq of seqs) {
        const row = get.get(seq) as Row | undefined;
        if (!row || !row.payload_sealed) continue;
        mark.run(batchId, seq);
        items.push(this.#wire(row));
      }
      return items;
    });
    const items = run();
    this.#changed();
    return items;
  }

  /** Returns a batch's items to pending (413 split, stop, a batch abandoned for a smaller one). */
  release(batchId: string): void {
    this.#stmt(
      "UPDATE sync_outbox SET state = 'pending', batch_id = NULL WHERE state = 'inflight' AND batch_id = ?",
    ).run(batchId);
    this.#changed();
  }

  /**
   * Marks one item of a batch rejected locally (a permanent error isolated to that single item).
   * Returns what to tell the agent, or null when the item was no longer in flight in that batch.
   */
  rejectInflight(
    batchId: string,
    seq: number,
    code: string,
    message: string,
  ): { txId: string; seq: number; code: string; message: string } | null {
    const row = this.#stmt(
      "UPDATE sync_outbox SET state = 'rejected', code = ?, message = ?, result_status = 'rejected', batch_id = NULL WHERE seq = ? AND batch_id = ? AND state = 'inflight' RETURNING tx_id",
    ).get(code, message, seq, batchId) as { tx_id: string } | undefined;
    this.#changed();
    return row ? { txId: row.tx_id, seq, code, message } : null;
  }

  /**
   * Commits every result of one verified response in one local transaction. Results are matched
   * on (seq, tx_id, batch); an item the response did not mention goes back to pending, never acked.
   */
  applyResults(batchId: string, results: readonly ItemResult[], serverTime: string): ApplySummary {
    // Stored normalised (UTC, ms) so retention can compare it as text.
    const parsed = Date.parse(serverTime);
    const ackTime = Number.isFinite(parsed) ? new Date(parsed).toISOString() : null;
    const run = this.#db.transaction((): ApplySummary => {
      const wall = new Date(this.#deps.clocks.wallNow()).toISOString();
      const ack = this.#stmt(
        `UPDATE sync_outbox SET state = 'acked', server_ref = ?, result_status = ?, code = NULL, message = NULL, batch_id = NULL,
           acked_server_time = ?, acked_device_time = ? WHERE seq = ? AND tx_id = ? AND batch_id = ? AND state = 'inflight'`,
      );
      const reject = this.#stmt(
        `UPDATE sync_outbox SET state = 'rejected', result_status = 'rejected', code = ?, message = ?, batch_id = NULL
           WHERE seq = ? AND tx_id = ? AND batch_id = ? AND state = 'inflight'`,
      );
      const defer = this.#stmt(
        `UPDATE sync_outbox SET state = 'deferred', result_status = 'deferred', code = ?, message = ?, batch_id = NULL
           WHERE seq = ? AND tx_id = ? AND batch_id = ? AND state = 'inflight'`,
      );
      let acked = 0;
      let rejected = 0;
      let deferred = 0;
      for (const r of results) {
        if (r.status === 'applied' || r.status === 'duplicate') {
          acked += ack.run(r.server_ref, r.status, ackTime, wall, r.seq, r.tx_id, batchId).changes;
        } else if (r.status === 'rejected') {
          rejected += reject.run(r.code ?? 'rejected', r.message, r.seq, r.tx_id, batchId).changes;
        } else {
          const changed = defer.run(r.code ?? 'deferred', r.message, r.seq, r.tx_id, batchId).changes;
          deferred += changed;
          if (changed && r.code === 'attachment_missing') this.#forgetUploads(r.seq);
        }
      }
      const unmentioned = this.#stmt(
        "UPDATE sync_outbox SET state = 'pending', batch_id = NULL WHERE state = 'inflight' AND batch_id = ?",
      ).run(batchId).changes;
      return { acked, rejected, deferred, unmentioned };
    });
    const summary = run();
    this.#changed();
    return summary;
  }

  // ——— maintenance ———

  /**
   * Retention purge. "Now" is the platform's time (signed server_time + monotonic age), or, when
   * nothing was measured this boot, the newest acknowledgement time — never the device clock, so a
   * terminal at 2099 cannot purge early. Acknowledged rows first lose their payload (reprints and
   * progress lookups need only tx_id, seq, service_code and server_ref), then the whole row.
   * Pending, deferred and rejected rows are never touched.
   */
  purge(opts: { serverNowMs: number | null; payloadDays: number; rowDays: number }): {
    payloadsDropped: number;
    rowsDeleted: number;
    blobsDeleted: number;
  } {
    const newest = this.#stmt("SELECT MAX(acked_server_time) AS t FROM sync_outbox WHERE state = 'acked'").get() as {
      t: string | null;
    };
    const now = opts.serverNowMs ?? (newest.t ? Date.parse(newest.t) : null);
    const run = (): { payloadsDropped: number; rowsDeleted: number; blobsDeleted: number } => {
      let payloadsDropped = 0;
      let rowsDeleted = 0;
      if (now !== null && Number.isFinite(now)) {
        const day = 86_400_000;
        const payloadBefore = new Date(now - opts.payloadDays * day).toISOString();
        const rowBefore = new Date(now - opts.rowDays * day).toISOString();
        // In chunks of PURGE_CHUNK rows so one pass over a huge queue never holds a long write lock.
        payloadsDropped = this.#chunked(
          `DELETE FROM sync_outbox_payloads WHERE seq IN (SELECT p.seq FROM sync_outbox_payloads p JOIN sync_outbox o ON o.seq = p.seq
             WHERE o.state = 'acked' AND o.acked_server_time < ? LIMIT ${PURGE_CHUNK})`,
          payloadBefore,
        );
        rowsDeleted = this.#chunked(
          `DELETE FROM sync_outbox WHERE seq IN (SELECT seq FROM sync_outbox WHERE state = 'acked' AND acked_server_time < ? LIMIT ${PURGE_CHUNK})`,
          rowBefore,
        );
      }
      // A blob is needed while any unsettled item refers to it.
      const blobsDeleted = this.#stmt(
        `DELETE FROM sync_blobs WHERE uploaded = 1 AND NOT EXISTS (SELECT 1 FROM sync_outbox o
             WHERE o.state IN ('pending','inflight','deferred') AND instr(o.attachments, sync_blobs.sha256) > 0)`,
      ).run().changes;
      return { payloadsDropped, rowsDeleted, blobsDeleted };
    };
    const result = run();
    if (result.rowsDeleted > 0) this.#changed();
    return result;
  }

  // ——— deferred items and blobs ———

  /** Blobs still to upload for deferred items, oldest item first. */
  blobsToUpload(): AttachmentRef[] {
    const rows = this.#stmt(
      "SELECT attachments FROM sync_outbox WHERE state = 'deferred' AND attachments != '[]' ORDER BY seq",
    ).all() as { attachments: string }[];
    const seen = new Set<string>();
    const out: AttachmentRef[] = [];
    for (const r of rows) {
      for (const a of JSON.parse(r.attachments) as AttachmentRef[]) {
        if (seen.has(a.sha256) || this.#blobUploaded(a.sha256)) continue;
        seen.add(a.sha256);
        out.push(a);
      }
    }
    return out;
  }

  /** Rejects the deferred items that wait for a blob the platform refuses for good. */
  rejectWaitingForBlob(
    sha256: string,
    code: string,
    message: string,
  ): { txId: string; seq: number; code: string; message: string }[] {
    const run = this.#db.transaction(() => {
      const rows = this.#stmt(
        "SELECT seq, tx_id, attachments FROM sync_outbox WHERE state = 'deferred' AND instr(attachments, ?) > 0",
      ).all(sha256) as {
        seq: number;
        tx_id: string;
        attachments: string;
      }[];
      const out: { txId: string; seq: number; code: string; message: string }[] = [];
      for (const r of rows) {
        if (!(JSON.parse(r.attachments) as AttachmentRef[]).some((a) => a.sha256 === sha256)) continue;
        this.#stmt(
          "UPDATE sync_outbox SET state = 'rejected', result_status = 'rejected', code = ?, message = ? WHERE seq = ? AND state = 'deferred'",
        ).run(code, message, r.seq);
        out.push({ txId: r.tx_id, seq: r.seq, code, message });
      }
      return out;
    });
    const out = run();
    if (out.length) this.#changed();
    return out;
  }

  readBlob(sha256: string): Uint8Array | null {
    const row = this.#stmt('SELECT data_sealed FROM sync_blobs WHERE sha256 = ?').get(sha256) as
      { data_sealed: Uint8Array | null } | undefined;
    if (!row?.data_sealed) return null;
    return this.#sealer.open(row.data_sealed, sealContext.blob(sha256));
  }

  markBlobUploaded(sha256: string): void {
    this.#stmt('UPDATE sync_blobs SET uploaded = 1 WHERE sha256 = ?').run(sha256);
  }

  /**
   * Deferred items whose blobs are all uploaded, or whose dependency is now known to the platform
   * (acked here, or not one of ours), go back to pending. `includeDependencyWaits` also retries
   * items waiting on a dependency this terminal cannot see settle (called on a slow timer).
   */
  promoteDeferred(includeDependencyWaits = false): number {
    const run = this.#db.transaction((): number => {
      const rows = this.#stmt(
        "SELECT seq, code, attachments, depends_on FROM sync_outbox WHERE state = 'deferred' ORDER BY seq",
      ).all() as { seq: number; code: string | null; attachments: string; depends_on: string | null }[];
      const promote = this.#stmt("UPDATE sync_outbox SET state = 'pending' WHERE seq = ? AND state = 'deferred'");
      const depState = this.#stmt('SELECT state FROM sync_outbox WHERE tx_id = ?');
      let n = 0;
      for (const r of rows) {
        const blobsReady = (JSON.parse(r.attachments) as AttachmentRef[]).every((a) => this.#blobUploaded(a.sha256));
        if (!blobsReady) continue;
        if (r.code === 'dependency_missing' && r.depends_on && !includeDependencyWaits) {
          const dep = depState.get(r.depends_on) as { state: OutboxState } | undefined;
          if (dep && dep.state !== 'acked') continue;
        }
        n += promote.run(r.seq).changes;
      }
      return n;
    });
    const n = run();
    if (n > 0) this.#changed();
    return n;
  }

  #chunked(sql: string, ...args: unknown[]): number {
    let total = 0;
    for (;;) {
      const n = this.#db.transaction(() => this.#stmt(sql).run(...args).changes)();
      total += n;
      if (n < PURGE_CHUNK) return total;
    }
  }

  #blobUploaded(sha256: string): boolean {
    const row = this.#stmt('SELECT uploaded FROM sync_blobs WHERE sha256 = ?').get(sha256) as
      { uploaded: number } | undefined;
    return row?.uploaded === 1;
  }

  #forgetUploads(seq: number): void {
    const row = this.#stmt('SELECT attachments FROM sync_outbox WHERE seq = ?').get(seq) as { attachments: string };
    const mark = this.#stmt('UPDATE sync_blobs SET uploaded = 0 WHERE sha256 = ?');
    for (const a of JSON.parse(row.attachments) as AttachmentRef[]) mark.run(a.sha256);
  }

  #wire(row: Row): WireItem {
    const jcs = Buffer.from(this.#sealer.open(row.payload_sealed!, sealContext.payload(row.tx_id))).toString('utf8');
    let clock = { offset_ms: row.clock_offset_ms, age_s: row.clock_age_s };
    if (clock.offset_ms === null && row.boot_id === this.#deps.bootId) {
      // Measured later in the same boot: still relates this device_time to server time.
      const now = this.#deps.clockEstimate();
      if (now.offsetMs !== null) clock = this.#sameBootEstimate(row.enqueue_mono_ms);
    }
    return {
      seq: row.seq,
      txId: row.tx_id,
      kind: row.kind,
      serviceCode: row.service_code,
      catalogVersion: row.catalog_version,
      payloadJcs: jcs,
      payloadSha256: row.payload_sha256,
      attachments: JSON.parse(row.attachments) as AttachmentRef[],
      dependsOn: row.depends_on,
      deviceTime: row.device_time,
      bootId: row.boot_id,
      clock,
    };
  }

  #sameBootEstimate(enqueueMonoMs: number): { offset_ms: number | null; age_s: number | null } {
    const e = this.#deps.clockEstimate();
    const measured = this.#measuredMono?.() ?? null;
    if (e.offsetMs === null || measured === null) return { offset_ms: e.offsetMs, age_s: e.ageS };
    return { offset_ms: e.offsetMs, age_s: Math.round(Math.abs(measured - enqueueMonoMs) / 1000) };
  }

  /** Set by the engine so a late measurement's age is taken relative to the enqueue moment. */
  #measuredMono: (() => number | null) | undefined;
  setMeasuredMonoSource(source: () => number | null): void {
    this.#measuredMono = source;
  }

  #changed(): void {
    this.#deps.onChange?.();
  }
}

function view(row: Row): OutboxItemView {
  return {
    seq: row.seq,
    txId: row.tx_id,
    kind: row.kind,
    serviceCode: row.service_code,
    state: row.state,
    serverRef: row.server_ref,
    code: row.code,
    message: row.message,
    deviceTime: row.device_time,
    attempts: row.attempts,
  };
}
