// Issue 15 item 2: a failed run says which kind of failure it was; harness failures are retried
// once with the same seed and reported apart; only invariant failures (and seeds that never ran)
// fail a sweep.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyFailure, runFaultSeed } from './fault-run';
import type { FaultRunResult, FailureKind } from './fault-run';
import { runMany, summarize } from './many';

function result(seed: number, failure: FailureKind | null): FaultRunResult {
  return {
    seed,
    ok: failure === null,
    failure,
    problems: failure ? [`${failure} trouble`] : [],
    timeline: [],
    ms: 1,
    counts: { items: 0, acked: 0, rejected: 0, terminalIncarnations: 1, platformIncarnations: 1 },
    fired: { hook: null, faults: {}, proxyResets: 0 },
  };
}

describe('failure kinds', () => {
  it('a problem before the scenario started is the harness; any problem after it is the invariant', () => {
    expect(classifyFailure([])).toBeNull();
    expect(classifyFailure(['setup', 'setup'])).toBe('harness');
    expect(classifyFailure(['setup', 'scenario'])).toBe('invariant');
    expect(classifyFailure(['scenario'])).toBe('invariant');
  });

  it('retries a harness failure once with the same seed, never retries an invariant failure', async () => {
    // seed → the outcomes of its successive tries
    const script: Record<number, (FailureKind | null)[]> = {
      1: ['harness', null],
      2: ['harness', 'harness'],
      3: ['invariant', null],
      4: [null],
      5: ['harness', 'invariant'],
    };
    const calls: number[] = [];
    const results = await runMany({
      seeds: [1, 2, 3, 4, 5],
      concurrency: 3,
      bundles: { terminal: '', platform: '' },
      run: (seed) => {
        calls.push(seed);
        const tries = calls.filter((s) => s === seed).length;
        return Promise.resolve(result(seed, script[seed]![tries - 1]!));
      },
    });
    expect(calls.sort()).toEqual([1, 1, 2, 2, 3, 4, 5, 5]);
    const s = summarize(results);
    expect(s.held).toBe(2);
    expect(s.invariant.sort()).toEqual([3, 5]);
    expect(s.harnessRetried.sort()).toEqual([1, 2, 5]);
    expect(s.notRun).toEqual([2]);
    expect(s.ok).toBe(false);
    expect(results.find((r) => r.seed === 1)?.harnessAttempt?.failure).toBe('harness');
  });

  it('a sweep whose harness hiccups were all recovered by the retry passes', async () => {
    let first = true;
    const results = await runMany({
      seeds: [7],
      concurrency: 1,
      bundles: { terminal: '', platform: '' },
      run: (seed) => {
        const r = result(seed, first ? 'harness' : null);
        first = false;
        return Promise.resolve(r);
      },
    });
    expect(summarize(results)).toMatchObject({ ok: true, held: 1, harnessRetried: [7], invariant: [], notRun: [] });
  });

  const dir = mkdtempSync(join(tmpdir(), 'cz-harness-kind-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a real run whose platform dies at its first start (the EADDRINUSE of issue 15) is a harness failure', async () => {
    const dying = join(dir, 'dying-platform.mjs');
    writeFileSync(
      dying,
      "process.stderr.write('Error: listen EADDRINUSE: address already in use 127.0.0.1:40000\\n'); process.exit(1);\n",
    );
    const r = await runFaultSeed(945934240, { terminal: join(dir, 'no-terminal.mjs'), platform: dying });
    expect(r.ok).toBe(false);
    expect(r.failure).toBe('harness');
    expect(r.problems.join('\n')).toContain('EADDRINUSE');
    // A failed run keeps its folder for inspection; this one was meant to fail.
    const kept = /kept (\S+)/.exec(r.timeline.join('\n'))?.[1];
    if (kept) rmSync(kept, { recursive: true, force: true });
  }, 60_000);
});
