import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetStore } from '../../../sync/changes/dataset-store';
import { silentLogger } from '../../../sync/logger';
import { openTestDb, testSealer } from '../helpers';
import { change } from './fixtures';

const status = (txId: string, note: string | null) => ({
  tx_id: txId,
  server_ref: `SL-${txId.slice(0, 4)}`,
  status: 'needs_more',
  note,
  time: '2026-11-22T03:00:00Z',
});

describe('DatasetStore.txStatuses (many at once)', () => {
  let t: ReturnType<typeof openTestDb>;
  let store: DatasetStore;
  beforeEach(() => {
    t = openTestDb();
    store = new DatasetStore(t.db, testSealer(), silentLogger);
  });
  afterEach(() => t.close());

  it('answers what txStatus answers for each id, in one read, keyed as asked', () => {
    const ids = Array.from({ length: 1200 }, () => crypto.randomUUID());
    store.applyPage(
      ids.filter((_, i) => i % 3 === 0).map((id) => change('tx_status', id, status(id, `补交材料${id.slice(0, 2)}`))),
      'c1',
      false,
    );
    const upper = ids[3]!.toUpperCase();
    const asked = [...ids, upper];
    const got = store.txStatuses(asked);
    for (const id of asked) expect(got.get(id) ?? null).toEqual(store.txStatus(id));
    expect(got.size).toBe(401);
  });
});
