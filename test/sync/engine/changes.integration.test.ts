import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningPlatform } from '../../../sync/platform/server';
import { PlatformClient } from '../../../sync/client/platform-client';
import { createSyncEngine } from '../../../sync/engine/engine';
import { admin, makeTerminal, startTestPlatform } from '../harness';
import type { Terminal } from '../harness';
import { syntheticApplication } from '../synthetic';

describe('changes against the reference platform', () => {
  let platform: RunningPlatform;
  let t: Terminal | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await platform.close();
  });

  it('pages through every dataset, persists the cursor, resumes without re-downloading, restarts on 410', async () => {
    t = await makeTerminal(platform, { config: { changesPageLimit: 3 } });
    await admin(platform, 'POST', '/admin/announcements', { id: 'n1', title: '秋收防火通知', body: '请注意用火安全' });
    await admin(platform, 'POST', '/admin/config', { values: { idle_timeout_s: 90, retention_days: 200 } });
    await admin(platform, 'POST', '/admin/agents', {
      agents: [{ id: 'ag1', name: '钱小红', id_number: '430121198802034521' }],
    });
    const calls: (string | null)[] = [];
    const orig = PlatformClient.prototype.changes;
    vi.spyOn(PlatformClient.prototype, 'changes').mockImplementation(function (this: PlatformClient, cursor, limit) {
      calls.push(cursor);
      return orig.call(this, cursor, limit);
    });
    const changed: string[] = [];
    t.engine.datasets.onChanged((e) => changed.push(...e.datasets));
    const r = await t.engine.syncNow();
    expect(r.ok).toBe(true);
    const ds = t.engine.datasets;
    expect(
      ds
        .catalog()
        .map((c) => c.code)
        .sort(),
    ).toEqual(['CJ-BT', 'DB-SQ', 'GL-JT', 'HJ-ZM', 'NY-BT', 'YB-CB', 'YL-RZ']);
    expect(ds.form('form-db-sq')?.fields.length).toBeGreaterThan(3);
    expect(ds.announcements().map((a) => a.title)).toEqual(['秋收防火通知']);
    expect(ds.config()).toMatchObject({ idle_timeout_s: 90, retention_days: 200 });
    expect(ds.agents().map((a) => a.name)).toEqual(['钱小红']);
    expect(calls.length).toBeGreaterThan(4);
    expect(calls[0]).toBeNull();
    expect(new Set(changed)).toEqual(new Set(['catalog', 'forms', 'announcements', 'config', 'agents']));
    const cursor = ds.cursor();
    expect(cursor).toBeTruthy();

    // A restarted engine continues from the stored cursor: one request, nothing re-downloaded.
    await t.engine.stop();
    calls.length = 0;
    const again = createSyncEngine({ db: t.db, sealer: t.sealer, config: t.engine.config });
    expect(again.datasets.cursor()).toBe(cursor);
    const r2 = await again.syncNow();
    expect(r2).toMatchObject({ ok: true, changesApplied: 0 });
    expect(calls).toEqual([cursor]);

    // Progress of our own transaction flows back as tx_status.
    const a = again.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(5),
    });
    await again.syncNow();
    await admin(platform, 'POST', `/admin/transactions/${again.outbox.serverRefFor(a.txId)}/status`, {
      status: 'needs_more',
      note: '请补充收入证明',
    });
    await admin(platform, 'DELETE', '/admin/announcements/n1');
    await again.syncNow();
    expect(again.datasets.txStatus(a.txId)).toMatchObject({
      status: 'needs_more',
      note: '请补充收入证明',
      server_ref: again.outbox.serverRefFor(a.txId),
    });
    expect(again.datasets.announcements()).toEqual([]);

    // 410: the platform expired every cursor. Everything is downloaded again from the start.
    await admin(platform, 'POST', '/admin/cursors/expire');
    calls.length = 0;
    const r3 = await again.syncNow();
    expect(r3.ok).toBe(true);
    expect(calls[1]).toBeNull();
    expect(r3.changesApplied).toBeGreaterThanOrEqual(14);
    expect(again.datasets.catalog()).toHaveLength(7);
    expect(again.datasets.txStatus(a.txId)?.status).toBe('needs_more');
    expect(again.datasets.resyncInProgress()).toBe(false);
    await again.stop();
  });
});
