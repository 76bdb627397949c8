import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSyncEngine, type SyncEngine } from '../../../sync/engine/engine';
import { openTestDb, testSealer } from '../helpers';

/**
 * The county's `retention_days` reaches the outbox purge only as the value remote configuration
 * checked (main/services/remote-config.ts): the engine keeps no rule of its own for it.
 */
describe('sync engine retention days', () => {
  let t: ReturnType<typeof openTestDb> | undefined;
  let engine: SyncEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    t?.close();
  });

  function rowDaysOfOnePass(): number {
    const purge = vi.spyOn(engine!.outbox, 'purge');
    engine!.maintain();
    const days = purge.mock.calls[0]![0].rowDays;
    purge.mockRestore();
    return days;
  }

  it('keeps its own setting until a checked value is given, then uses that value', () => {
    t = openTestDb();
    engine = createSyncEngine({
      db: t.db,
      sealer: testSealer(),
      config: { platformUrl: 'http://127.0.0.1:9', ackedRowRetentionDays: 400 },
    });
    expect(rowDaysOfOnePass()).toBe(400);
    let checked: number | undefined = 30;
    engine.useRemoteRetentionDays(() => checked);
    expect(rowDaysOfOnePass()).toBe(30);
    // The county removed (or remote configuration refused) the value: back to the local setting.
    checked = undefined;
    expect(rowDaysOfOnePass()).toBe(400);
  });
});
