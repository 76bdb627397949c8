import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DatasetStore } from '../../../sync/changes/dataset-store';
import { silentLogger } from '../../../sync/logger';
import { openTestDb, testSealer } from '../helpers';
import { catalogEntry, change } from './fixtures';

const agent = {
  id: 'a1',
  name: '赵六妹',
  id_hash: 'a'.repeat(64),
  id_salt: 'b'.repeat(32),
  hash_alg: 'scrypt-n16384-r8-p1',
  roles: ['agent'],
  active: true,
};
const txStatus = {
  tx_id: '0d0a4c1e-9a57-4c3f-9d8e-6f1b2a3c4d5e',
  server_ref: 'SL-1',
  status: 'in_progress',
  note: null,
  time: '2026-11-22T03:00:00Z',
};

describe('DatasetStore', () => {
  let t: ReturnType<typeof openTestDb>;
  let store: DatasetStore;
  beforeEach(() => {
    t = openTestDb();
    store = new DatasetStore(t.db, testSealer(), silentLogger);
  });
  afterEach(() => t.close());

  it('applies a page and its cursor in one transaction and notifies after commit', () => {
    const seen: string[][] = [];
    store.onChanged((e) => seen.push(e.datasets));
    store.applyPage(
      [
        change('catalog', 'S1', catalogEntry('S1')),
        change('forms', 'F-S1', {
          id: 'F-S1',
          version: 1,
          title: '表',
          fields: [{ key: 'name', type: 'text', label: '姓名', required: true, prefill: 'id_card.name' }],
        }),
        change('announcements', 'n1', { id: 'n1', title: '通知', body: '内容', published_at: '2026-11-01T00:00:00Z' }),
        change('tx_status', txStatus.tx_id, txStatus),
        change('agents', 'a1', agent),
        change('config', 'idle_timeout_s', 90),
      ],
      'c1',
      true,
    );
    expect(store.cursor()).toBe('c1');
    expect(store.catalog().map((c) => c.code)).toEqual(['S1']);
    expect(store.form('F-S1')?.fields[0]?.prefill).toBe('id_card.name');
    expect(store.announcements()[0]?.title).toBe('通知');
    expect(store.txStatus(txStatus.tx_id)?.status).toBe('in_progress');
    expect(store.agents()[0]?.name).toBe('赵六妹');
    expect(store.config()).toEqual({ idle_timeout_s: 90 });
    expect(seen[0]?.sort()).toEqual(['agents', 'announcements', 'catalog', 'config', 'forms', 'tx_status']);
    // agents and tx_status are sealed at rest
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(t.path).includes(Buffer.from('赵六妹'))).toBe(false);
  });

  it('rolls back page and cursor together when applying fails', () => {
    store.applyPage([change('catalog', 'S1', catalogEntry('S1'))], 'c1', true);
    t.db.exec(
      "CREATE TRIGGER boom BEFORE INSERT ON sync_dataset_rows WHEN NEW.key = 'S3' BEGIN SELECT RAISE(ABORT, 'disk'); END",
    );
    expect(() =>
      store.applyPage(
        [change('catalog', 'S2', catalogEntry('S2')), change('catalog', 'S3', catalogEntry('S3'))],
        'c2',
        false,
      ),
    ).toThrow('disk');
    expect(store.cursor()).toBe('c1');
    expect(store.catalog().map((c) => c.code)).toEqual(['S1']);
  });

  it('skips an invalid or unknown-dataset change without blocking the page', () => {
    const s = store.applyPage(
      [
        change('catalog', 'bad', { code: 'bad' }),
        change('catalog', 'S1', catalogEntry('S1')),
        { dataset: 'future' as never, op: 'upsert', key: 'k', value: 1, version: 1 },
      ],
      'c1',
      false,
    );
    expect(s).toMatchObject({ applied: 1, skipped: 2 });
    expect(store.catalog().map((c) => c.code)).toEqual(['S1']);
  });

  it('deletes on op delete', () => {
    store.applyPage([change('catalog', 'S1', catalogEntry('S1'))], 'c1', false);
    store.applyPage([change('catalog', 'S1', null, 2, 'delete')], 'c2', false);
    expect(store.catalog()).toEqual([]);
  });

  it('after a 410 restart keeps serving old rows until the new download completes, then drops the vanished ones', () => {
    store.applyPage(
      [change('catalog', 'S1', catalogEntry('S1')), change('catalog', 'GONE', catalogEntry('GONE'))],
      'c9',
      false,
    );
    store.restartFromScratch();
    expect(store.cursor()).toBeNull();
    expect(store.resyncInProgress()).toBe(true);
    store.applyPage([change('catalog', 'S1', catalogEntry('S1', 2))], 'n1', true);
    expect(store.catalog().map((c) => c.code)).toEqual(['GONE', 'S1']);
    store.applyPage([change('catalog', 'S2', catalogEntry('S2'))], 'n2', false);
    expect(store.catalog().map((c) => c.code)).toEqual(['S1', 'S2']);
    expect(store.resyncInProgress()).toBe(false);
    expect(store.catalog().find((c) => c.code === 'S1')?.version).toBe(2);
  });
});
