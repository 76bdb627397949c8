import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSyncEngine } from '../../../sync/engine/engine';
import type { SyncEngine } from '../../../sync/engine/engine';
import { fastTimings } from '../harness';
import { openTestDb, testSealer } from '../helpers';
import { syntheticApplication } from '../synthetic';

/**
 * The platform runs in its own process with the real clock; this process fakes Date (the
 * terminal's wall clock) at 2001 and at 2099 and freezes it there. Sync must still work: order
 * from seq, dedup from tx_id, position from the cursor, timeouts from the monotonic clock.
 */
describe('wrong terminal wall clock (fake timers)', () => {
  let child: ChildProcess;
  let url = '';
  let adminToken = '';
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-platform-'));
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sync/platform/cli.ts', '--port', '0', '--db', join(dir, 'p.sqlite'), '--seed', 'default'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout! });
      rl.once('line', resolve);
      child.once('exit', (c) => reject(new Error(`platform exited ${c}`)));
    });
    ({ url, admin_token: adminToken } = JSON.parse(line) as { url: string; admin_token: string });
  }, 30_000);
  afterAll(() => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  let t: ReturnType<typeof openTestDb> | undefined;
  let engine: SyncEngine | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await engine?.stop();
    t?.close();
  });

  it.each(['2001-01-01T00:00:00.000Z', '2099-12-31T23:59:00.000Z'])('frozen at %s', async (fakeNow) => {
    const code = await fetch(`${url}/admin/enrollment-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: '{"count":1}',
    })
      .then((r) => r.json() as Promise<{ codes: string[] }>)
      .then((r) => r.codes[0]!);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(fakeNow) });
    expect(new Date().toISOString()).toBe(fakeNow);
    t = openTestDb();
    engine = createSyncEngine({ db: t.db, sealer: testSealer(), config: { platformUrl: url, ...fastTimings } });
    expect(await engine.enrol({ code })).toMatchObject({ ok: true });
    const ids = [1, 2].map((i) =>
      engine!.outbox.enqueue({
        kind: 'application',
        serviceCode: 'DB-SQ',
        catalogVersion: 1,
        payload: syntheticApplication(i),
      }),
    );
    engine.start();
    const deadline = performance.now() + 10_000;
    while (ids.some((i) => engine!.outbox.get(i.txId)?.state !== 'acked') || engine.datasets.catalog().length < 7) {
      if (performance.now() > deadline) throw new Error('not acked');
      await new Promise((r) => setTimeout(r, 10));
    }
    const offset = engine.status().clock.offsetMs!;
    const realOffset = Date.parse(engine.status().lastSuccess!.serverTime!) - Date.parse(fakeNow);
    expect(Math.abs(offset - realOffset)).toBeLessThan(5000);
    expect(engine.outbox.get(ids[0]!.txId)?.deviceTime).toBe(fakeNow);
    expect(engine.datasets.catalog()).toHaveLength(7);
    expect(engine.maintain().rowsDeleted).toBe(0);
  });
});
