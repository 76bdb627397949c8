// The "terminal" of a fault run, as a child process: opens the terminal database, runs the real
// sync engine against the platform, enqueues the run's planned items (idempotently: a restarted
// incarnation enqueues them all again and gets the same rows back) and reports on stdout, one
// JSON object a line:
//   {"ev":"enrolled"} {"ev":"saved","i":…,"txId":…,"seq":…} {"ev":"enqueued"} {"ev":"drained"}
//   {"ev":"crash","point":…} just before it SIGKILLs itself at a seeded hook point.
// Hook points wrap public methods of the engine's own outbox/sealer from the outside, so the
// sync code carries no test hooks: "during enqueue" (inside the enqueue transaction, at the
// payload seal), "after the response, before the local commit" (before applyResults), "between
// chunks" (at a blob read for upload), "mid-chunk" (half of a PATCH body written, then death).
// PATCH body bytes are counted the same way (re-sent attachment bytes, sync-attachment bench).
import http from 'node:http';
import https from 'node:https';
import type { ClientRequest } from 'node:http';
import { createSyncEngine } from '../../../sync/engine/engine';
import type { SyncConfigInput } from '../../../sync/engine/config';
import type { Sealer } from '../../../sync/sealer';
import { plannedItem } from './plan';
import type { RunPlan } from './plan';
import { CATALOG_VERSION } from './payloads';
import { openTerminalDb, sealerFromKeyFile } from './terminal-db';

export interface TerminalArgs {
  dbPath: string;
  keyPath: string;
  platformUrl: string;
  caCertPath?: string;
  enrolCode?: string;
  plan: RunPlan;
  /** Pause between enqueues (a station saving transactions while syncing). */
  enqueueGapMs: number;
  /** Start enqueuing at this index (a weak-link test pre-fills the queue before the link is up). */
  config: Partial<SyncConfigInput>;
  /** Die (SIGKILL) at the n-th call of a hook point, counted within this incarnation. */
  crash?: { point: 'enqueue' | 'before_apply' | 'after_apply' | 'blob_read' | 'mid_chunk'; at: number };
  /** Enqueue everything before starting the engine (measure a drain of a full queue). */
  fillFirst?: boolean;
}

const args = JSON.parse(process.argv[2] ?? '{}') as TerminalArgs;
const say = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

function crashPoint(point: NonNullable<TerminalArgs['crash']>['point']): () => void {
  let calls = 0;
  return () => {
    if (args.crash?.point !== point) return;
    calls += 1;
    if (calls === args.crash.at) {
      say({ ev: 'crash', point });
      process.kill(process.pid, 'SIGKILL');
    }
  };
}

// Every PATCH body handed to the socket, whether or not its request completed.
let patchBytes = 0;
// Batch request bodies as sent (compressed): all attempts, and those answered 200.
const batchBytes = { sent: 0, ok: 0 };
const midChunk = crashPoint('mid_chunk');
for (const mod of [http, https] as const) {
  const original = mod.request.bind(mod) as (...a: unknown[]) => ClientRequest;
  (mod as { request: unknown }).request = (...a: unknown[]): ClientRequest => {
    const req = original(...a);
    const options = a.find((x) => typeof x === 'object' && x !== null && 'method' in x) as
      { method?: string; path?: string } | undefined;
    if (options?.method === 'POST' && options.path?.includes('transactions:batch')) {
      const end = req.end.bind(req) as (body?: Buffer) => ClientRequest;
      (req as { end: unknown }).end = (body?: Buffer): ClientRequest => {
        const n = body?.length ?? 0;
        batchBytes.sent += n;
        req.once('response', (res) => {
          if (res.statusCode === 200) batchBytes.ok += n;
        });
        return end(body);
      };
      return req;
    }
    if (options?.method !== 'PATCH') return req;
    const end = req.end.bind(req) as (body?: Buffer) => ClientRequest;
    (req as { end: unknown }).end = (body?: Buffer): ClientRequest => {
      patchBytes += body?.length ?? 0;
      if (body && body.length > 1 && args.crash?.point === 'mid_chunk') {
        const half = body.subarray(0, body.length >> 1);
        req.write(half, () => setTimeout(midChunk, 2));
        // If this was not the fatal PATCH, finish the body normally.
        setTimeout(() => req.end(body.subarray(half.length)), 5);
        (req as { end: unknown }).end = end;
        return req;
      }
      return end(body);
    };
    return req;
  };
}

const db = openTerminalDb(args.dbPath);
const baseSealer = sealerFromKeyFile(args.keyPath);
const atEnqueue = crashPoint('enqueue');
const sealer: Sealer = {
  seal(plain, context) {
    // The payload is sealed inside enqueue's transaction, after the blob rows were written.
    if (context.startsWith('sync.outbox.payload:')) atEnqueue();
    return baseSealer.seal(plain, context);
  },
  open: (sealed, context) => baseSealer.open(sealed, context),
};

const engine = createSyncEngine({
  db,
  sealer,
  config: { platformUrl: args.platformUrl, caCertPath: args.caCertPath, ...args.config } as SyncConfigInput,
});

const outbox = engine.outbox;
const beforeApply = crashPoint('before_apply');
const afterApply = crashPoint('after_apply');
const applyResults = outbox.applyResults.bind(outbox);
outbox.applyResults = (...a: Parameters<typeof applyResults>) => {
  beforeApply();
  const r = applyResults(...a);
  afterApply();
  return r;
};
const atBlobRead = crashPoint('blob_read');
const readBlob = outbox.readBlob.bind(outbox);
outbox.readBlob = (sha256: string) => {
  atBlobRead();
  return readBlob(sha256);
};

if (engine.status().deviceId === null) {
  if (!args.enrolCode) throw new Error('terminal is not enrolled and has no enrolment code');
  // The relay resets connections from the first byte, enrolment included. A technician whose
  // enrolment broke off taps again; the platform gives the same terminal its device back when the
  // first answer was lost (device-api.ts), so a retry with the same code is safe.
  let r = await engine.enrol({ code: args.enrolCode, station: { regionCode: '430124104203', name: '可靠性测试站' } });
  for (let attempt = 1; !r.ok && attempt < 6; attempt++) {
    say({ ev: 'enrol_retry', code: r.error.code, attempt });
    await new Promise((done) => setTimeout(done, 200 * attempt));
    r = await engine.enrol({ code: args.enrolCode, station: { regionCode: '430124104203', name: '可靠性测试站' } });
  }
  if (!r.ok) {
    say({ ev: 'enrol_failed', code: r.error.code });
    process.exit(3);
  }
}
say({ ev: 'enrolled', deviceId: engine.status().deviceId });

/** Returns false when the item was already queued by an earlier incarnation. */
function enqueue(i: number): boolean {
  const item = plannedItem(args.plan, i);
  const known = outbox.get(item.txId) !== null;
  const r = outbox.enqueue({
    txId: item.txId,
    kind: 'application',
    serviceCode: item.serviceCode,
    catalogVersion: CATALOG_VERSION,
    payload: item.payload as never,
    attachments: item.attachment ? [{ data: item.attachment.data, mime: item.attachment.mime }] : [],
  });
  say({ ev: 'saved', i, txId: r.txId, seq: r.seq });
  return !known;
}

if (args.fillFirst) {
  const fill = db.transaction(() => {
    for (let i = 0; i < args.plan.count; i++) enqueue(i);
  });
  fill();
  say({ ev: 'enqueued' });
}
engine.start();
if (!args.fillFirst) {
  for (let i = 0; i < args.plan.count; i++) {
    if (enqueue(i) && args.enqueueGapMs > 0) await new Promise((r) => setTimeout(r, args.enqueueGapMs));
  }
  say({ ev: 'enqueued' });
}

let lastAcked = -1;
let lastUpload = '';
const poll = setInterval(() => {
  const status = engine.status();
  const q = status.queue;
  const upload = status.upload ? `${status.upload.offset}/${status.upload.size}/${patchBytes}` : '';
  if (upload !== lastUpload) {
    lastUpload = upload;
    if (status.upload) say({ ev: 'upload', offset: status.upload.offset, size: status.upload.size, patchBytes });
  }
  if (q.acked !== lastAcked) {
    lastAcked = q.acked;
    say({ ev: 'progress', acked: q.acked, rejected: q.rejected, pending: q.pending, patchBytes, batchBytes });
  }
  if (q.pending + q.inflight + q.deferred === 0) {
    say({ ev: 'drained', acked: q.acked, rejected: q.rejected, patchBytes, batchBytes });
    clearInterval(poll);
  }
}, 25);

process.on('SIGTERM', () => {
  void engine.stop().finally(() => {
    db.close();
    process.exit(0);
  });
});
