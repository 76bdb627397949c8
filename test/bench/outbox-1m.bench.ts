// 1,000,000 queued rows (issue 6, G12/G13): enqueue p99, next-batch select + acknowledge p99,
// memory flat with queue length, file reclaimed to ≤ 1.2 × live data after the drain.
// Baselines measured in this run: a bare durable one-row commit on the same disk (the physical
// limit of an fsync'd enqueue) and the same batch cycle on a short queue (what "independent of
// queue length" is compared with). OUTBOX_ROWS=<n> runs a smaller queue for a quick look.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxStore } from '../../sync/outbox/outbox-store';
import { reclaimSpace } from '../../sync/maintenance';
import { readBootId, systemClocks } from '../../sync/clock/clock';
import { syntheticApplication } from '../reliability/harness/payloads';
import { createRng } from '../reliability/harness/rng';
import { aesSealer, openTerminalDb } from '../reliability/harness/terminal-db';
import { Goals, fmtMs, pct } from '../reliability/harness/report';

const ROWS = Number(process.env.OUTBOX_ROWS ?? 1_000_000);
const BATCH = 200; // items per upload batch, as the drain benchmarks see them
const BATCH_BYTES = 256 * 1024;
const FILL_TX = 10_000; // rows per bulk-fill transaction

const dir = mkdtempSync(join(tmpdir(), 'cz-outbox-1m-'));
const dbPath = join(dir, 'store.db');
const db = openTerminalDb(dbPath);
const rng = createRng(1_000_000);
const store = new OutboxStore({
  db,
  sealer: aesSealer(Buffer.alloc(32, 7)),
  clocks: systemClocks,
  bootId: readBootId(),
  clockEstimate: () => ({ offsetMs: null, ageS: null }),
});
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
let index = 0;

function enqueueOne(): void {
  const app = syntheticApplication(rng, index++);
  store.enqueue({
    kind: 'application',
    serviceCode: app.serviceCode,
    catalogVersion: 7,
    payload: app.payload as never,
  });
}

function timeSingleEnqueues(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    enqueueOne();
    out.push(now() - t0);
  }
  return out;
}

/** One sender cycle: pick the next batch, claim it, commit an all-applied response. */
function batchCycle(): number | null {
  const t0 = now();
  const picked = store.peekPending(BATCH_BYTES, BATCH);
  if (picked.length === 0) return null;
  const batchId = randomUUID();
  const items = store.claim(
    picked.map((p) => p.seq),
    batchId,
  );
  store.applyResults(
    batchId,
    items.map((it) => ({
      seq: it.seq,
      tx_id: it.txId,
      status: 'applied' as const,
      server_ref: `R${it.seq}`,
      code: null,
      message: null,
    })),
    new Date().toISOString(),
  );
  return now() - t0;
}

function timeCycles(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const ms = batchCycle();
    if (ms === null) break;
    out.push(ms);
  }
  return out;
}

function fill(to: number): void {
  const insertMany = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) enqueueOne();
  });
  let pending = store.counts().pending;
  while (pending < to) {
    const n = Math.min(FILL_TX, to - pending);
    insertMany(n);
    pending += n;
  }
}

function memory(): { rssMb: number; heapMb: number } {
  gc();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 };
}

function fileBytes(): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(dbPath + suffix).size;
    } catch {
      // no WAL file
    }
  }
  return total;
}

/** Bytes of pages in use (page_count − freelist): what incremental vacuum can at best shrink to. */
function pagesInUseBytes(): number {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const pages = Number(db.pragma('page_count', { simple: true }));
  const free = Number(db.pragma('freelist_count', { simple: true }));
  return (pages - free) * pageSize;
}

/** Bytes actually holding data inside those pages (dbstat): the live data itself. */
function liveDataBytes(): number {
  const row = db.prepare('SELECT SUM(pgsize - unused) AS live FROM dbstat').get() as { live: number };
  return row.live;
}

try {
  console.log(
    `outbox with ${ROWS.toLocaleString('en')} queued rows of ~1.1 KB (AES-GCM sealed), WAL, synchronous=FULL`,
  );

  // Baseline 1: a bare durable commit of one 1.1 KB row on this disk.
  db.exec('CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT');
  const raw = db.prepare('INSERT INTO bench_raw (body) VALUES (?)');
  const body = Buffer.alloc(1100, 0x61);
  const rawCommit: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = now();
    raw.run(body);
    rawCommit.push(now() - t0);
  }
  db.exec('DROP TABLE bench_raw');

  // Baseline 2: the batch cycle on a short queue.
  fill(5_000);
  const shortEnqueue = timeSingleEnqueues(300);
  const shortCycles = timeCycles(20);

  const memAt: { rows: number; rssMb: number; heapMb: number }[] = [];
  const t0 = now();
  for (let step = 1; step <= 10; step++) {
    fill((ROWS * step) / 10);
    const m = memory();
    memAt.push({ rows: store.counts().pending, ...m });
    console.log(
      `  filled ${store.counts().pending.toLocaleString('en')} rows (${((now() - t0) / 1000).toFixed(0)} s): rss ${m.rssMb.toFixed(0)} MB, heap ${m.heapMb.toFixed(0)} MB, file ${(fileBytes() / 2 ** 20).toFixed(0)} MB`,
    );
  }
  const fullFileMb = fileBytes() / 2 ** 20;
  const fullEnqueue = timeSingleEnqueues(300);
  const countT0 = now();
  store.counts();
  const countsMs = now() - countT0;

  // Drain the whole queue as the sender would.
  const drainCycles: number[] = [];
  const drainT0 = now();
  let peakDrainRss = 0;
  for (;;) {
    const ms = batchCycle();
    if (ms === null) break;
    drainCycles.push(ms);
    if (drainCycles.length % 500 === 0) peakDrainRss = Math.max(peakDrainRss, process.memoryUsage().rss / 2 ** 20);
  }
  const drainS = (now() - drainT0) / 1000;
  const firstCycles = drainCycles.slice(0, 500);

  // Retention: payloads dropped first (rows kept for reprints), then whole rows.
  const afterDrainFile = fileBytes();
  store.purge({ serverNowMs: Date.now() + 60_000, payloadDays: 0, rowDays: 3650 });
  reclaimSpace(db);
  const fileKept = fileBytes();
  const pagesKept = pagesInUseBytes();
  const liveKept = liveDataBytes();
  store.purge({ serverNowMs: Date.now() + 60_000, payloadDays: 0, rowDays: 0 });
  reclaimSpace(db);
  const fileEmpty = fileBytes();
  const liveEmpty = liveDataBytes();
  // With every row gone, what is left is one page per table and index: no less can exist.
  const pagesEmpty = pagesInUseBytes();

  const base = memAt[0]!;
  const top = memAt[memAt.length - 1]!;
  console.log(
    `\nbaseline: bare durable 1-row commit p50 ${fmtMs(pct(rawCommit, 50))}, p99 ${fmtMs(pct(rawCommit, 99))}`,
  );
  console.log(
    `enqueue (one durable commit each): at 5k rows p99 ${fmtMs(pct(shortEnqueue, 99))}; at ${ROWS.toLocaleString('en')} p50 ${fmtMs(pct(fullEnqueue, 50))}, p99 ${fmtMs(pct(fullEnqueue, 99))} = ${(pct(fullEnqueue, 99) / pct(rawCommit, 99)).toFixed(2)} × bare commit p99`,
  );
  console.log(
    `batch of ${BATCH} select+claim+ack: at 5k rows p99 ${fmtMs(pct(shortCycles, 99))}; first 500 batches at full queue p99 ${fmtMs(pct(firstCycles, 99))}; whole drain p50 ${fmtMs(pct(drainCycles, 50))}, p99 ${fmtMs(pct(drainCycles, 99))} (${drainCycles.length} batches, ${drainS.toFixed(1)} s) = ${(pct(drainCycles, 99) / pct(shortCycles, 99)).toFixed(2)} × short-queue p99`,
  );
  console.log(`counts() over the full queue: ${fmtMs(countsMs)}`);
  console.log(
    `memory: rss ${base.rssMb.toFixed(0)} MB at ${base.rows.toLocaleString('en')} rows → ${top.rssMb.toFixed(0)} MB at ${top.rows.toLocaleString('en')} (× ${(top.rssMb / base.rssMb).toFixed(2)}); heap ${base.heapMb.toFixed(1)} → ${top.heapMb.toFixed(1)} MB; peak rss while draining ${peakDrainRss.toFixed(0)} MB`,
  );
  console.log(
    `file: ${fullFileMb.toFixed(0)} MB full (${((fullFileMb * 2 ** 20) / ROWS).toFixed(0)} B/row), ${(afterDrainFile / 2 ** 20).toFixed(0)} MB after drain; acked rows kept, payloads purged, reclaimed: file ${(fileKept / 2 ** 20).toFixed(1)} MB, pages in use ${(pagesKept / 2 ** 20).toFixed(1)} MB, live data ${(liveKept / 2 ** 20).toFixed(1)} MB (file × ${(fileKept / liveKept).toFixed(2)} of live); rows purged, reclaimed: file ${(fileEmpty / 1024).toFixed(0)} KB, pages in use ${(pagesEmpty / 1024).toFixed(0)} KB (live data in them ${(liveEmpty / 1024).toFixed(0)} KB)`,
  );

  const goals = new Goals();
  goals.check(
    `enqueue p99 at ${ROWS.toLocaleString('en')} rows ≤ 10 ms`,
    pct(fullEnqueue, 99) <= 10,
    fmtMs(pct(fullEnqueue, 99)),
  );
  goals.check(
    'next-batch select + ack p99 over the drain ≤ 50 ms',
    pct(drainCycles, 99) <= 50,
    fmtMs(pct(drainCycles, 99)),
  );
  goals.check(
    'memory flat: rss at full queue ≤ 1.25 × rss at 10 %',
    top.rssMb <= 1.25 * base.rssMb,
    `× ${(top.rssMb / base.rssMb).toFixed(2)}`,
  );
  // After the drain the acknowledged rows stay (reprints, progress) without their payloads: the
  // file must shrink to the data that is left, not merely to the pages still in use.
  goals.check(
    'file ≤ 1.2 × live data after drain (acked rows kept, payloads purged)',
    fileKept <= 1.2 * liveKept,
    `× ${(fileKept / liveKept).toFixed(2)}`,
  );
  goals.check(
    'file ≤ 1.2 × pages in use after the retention purge of all rows',
    fileEmpty <= 1.2 * pagesEmpty,
    `× ${(fileEmpty / pagesEmpty).toFixed(2)} (${(fileEmpty / 1024).toFixed(0)} KB)`,
  );
  process.exitCode = goals.report();
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
