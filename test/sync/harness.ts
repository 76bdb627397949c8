import type Database from 'better-sqlite3';
import { startPlatform } from '../../sync/platform/server';
import type { RunningPlatform } from '../../sync/platform/server';
import { createSyncEngine } from '../../sync/engine/engine';
import type { SyncEngine, SyncEngineOptions } from '../../sync/engine/engine';
import type { SyncConfigInput } from '../../sync/engine/config';
import type { Sealer } from '../../sync/sealer';
import { openTestDb, testSealer } from './helpers';

/** Short timings so fault tests finish in seconds; production defaults are in docs/sync.md. */
export const fastTimings = {
  connectTimeoutMs: 2000,
  progressTimeoutMs: 1500,
  deadlineBaseMs: 8000,
  backoffBaseMs: 20,
  backoffCapMs: 200,
  probeMinMs: 100,
  probeMaxMs: 200,
  idlePollMs: 60_000,
  station: { regionCode: '430121104201', name: '测试村便民服务站' },
} satisfies Partial<SyncConfigInput>;

export async function admin<T = unknown>(p: RunningPlatform, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${p.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function newCode(p: RunningPlatform): Promise<string> {
  const r = await admin<{ codes: string[] }>(p, 'POST', '/admin/enrollment-codes', { count: 1 });
  return r.codes[0]!;
}

export interface Terminal {
  engine: SyncEngine;
  db: Database.Database;
  sealer: Sealer;
  path: string;
  close(): Promise<void>;
}

/** A terminal: temp-file store, sync migrations, engine; enrolled unless told otherwise. */
export async function makeTerminal(
  platform: RunningPlatform,
  opts: {
    enrol?: boolean;
    platformUrl?: string;
    config?: Partial<SyncConfigInput>;
    engine?: Partial<SyncEngineOptions>;
  } = {},
): Promise<Terminal> {
  const t = openTestDb();
  const sealer = testSealer();
  const engine = createSyncEngine({
    db: t.db,
    sealer,
    config: { platformUrl: opts.platformUrl ?? platform.url, ...fastTimings, ...opts.config },
    ...opts.engine,
  });
  if (opts.enrol !== false) {
    const r = await engine.enrol({ code: await newCode(platform) });
    if (!r.ok) throw new Error(`enrol failed: ${r.error.code} ${r.error.message}`);
  }
  return {
    engine,
    db: t.db,
    sealer,
    path: t.path,
    close: async () => {
      await engine.stop();
      t.close();
    },
  };
}

export async function startTestPlatform(): Promise<RunningPlatform> {
  return startPlatform({ seed: true });
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
