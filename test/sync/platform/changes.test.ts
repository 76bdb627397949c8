import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../../sync/protocol/wire';
import { DATASET_VALUE_SCHEMAS } from '../../../sync/protocol/wire';
import { hashAgentIdNumber } from '../../../sync/platform/admin-api';
import { appItem, json, startHarness, SYNTHETIC_ID } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
let dev: TestDevice;
beforeEach(async () => {
  h = await startHarness();
  dev = await h.enrol();
});
afterEach(async () => {
  await h.close();
});

async function drain(
  d: TestDevice,
  cursor?: string,
  limit = 5,
): Promise<{ changes: Change[]; cursor: string; pages: number }> {
  const all: Change[] = [];
  let pages = 0;
  for (;;) {
    const r = await d.changes(cursor, limit);
    expect(r.status).toBe(200);
    expect(r.check).toEqual({ ok: true });
    pages++;
    all.push(...r.page.changes);
    cursor = r.page.next_cursor;
    if (!r.page.has_more) return { changes: all, cursor, pages };
  }
}

describe('changes feed', () => {
  it('pages the whole seed from the start with opaque cursors, then stays put', async () => {
    const { changes, cursor, pages } = await drain(dev);
    expect(
      changes
        .filter((c) => c.dataset === 'catalog')
        .map((c) => c.key)
        .sort(),
    ).toEqual(['CJ-BT', 'DB-SQ', 'GL-JT', 'HJ-ZM', 'NY-BT', 'YB-CB', 'YL-RZ']);
    expect(changes.filter((c) => c.dataset === 'forms')).toHaveLength(7);
    // Every page but the last is full (limit 5): paging neither skips nor repeats.
    expect(pages).toBe(Math.ceil(changes.length / 5));
    expect(pages).toBeGreaterThan(2);
    for (const c of changes) expect(DATASET_VALUE_SCHEMAS[c.dataset].safeParse(c.value).success).toBe(true);
    expect(cursor).not.toMatch(/^\d+$/);
    const idle = await dev.changes(cursor);
    expect(idle.page).toMatchObject({ changes: [], has_more: false });
    expect(Math.abs(Date.parse(idle.page.server_time) - Date.now())).toBeLessThan(5000);
  });

  it('delivers announcements, config, agents and status moves; status only to its own station', async () => {
    const other = await h.enrol();
    const start = (await drain(dev, undefined, 100)).cursor;
    const otherStart = (await drain(other, undefined, 100)).cursor;
    const up = await dev.batch([appItem(1)]);
    const ref = up.result.results[0]!.server_ref!;
    await h.admin.publishAnnouncement({
      id: 'a1',
      title: '医保缴费提醒',
      body: '2027 年度城乡居民医保集中缴费期为 9 月至 12 月。',
    });
    await h.admin.setConfig({ idle_timeout_s: 90, receipt_header: '某村便民服务站' });
    await h.admin.publishAgents([{ id: 'ag1', name: '王*', id_number: SYNTHETIC_ID }], dev.deviceId);
    await h.admin.setTransactionStatus(ref, 'in_progress', '已转县人社局');
    await h.admin.setTransactionStatus(ref, 'completed', null);
    const mine = (await drain(dev, start)).changes;
    expect(mine.map((c) => `${c.dataset}:${c.key}`)).toEqual([
      'announcements:a1',
      'config:idle_timeout_s',
      'config:receipt_header',
      'agents:ag1',
      `tx_status:${up.result.results[0]!.tx_id}`,
    ]);
    const status = mine.at(-1)!;
    expect(status.value).toMatchObject({ server_ref: ref, status: 'completed', note: null });
    expect(status.version).toBe(2);
    const agent = mine.find((c) => c.dataset === 'agents')!.value as { id_hash: string; id_salt: string };
    expect(agent.id_hash).toBe(hashAgentIdNumber(SYNTHETIC_ID, agent.id_salt));
    expect(JSON.stringify(mine)).not.toContain(SYNTHETIC_ID);
    const theirs = (await drain(other, otherStart)).changes;
    expect(theirs.map((c) => c.dataset)).toEqual(['announcements', 'config', 'config']);
    const txs = await h.admin.listTransactions({ device_id: dev.deviceId });
    expect(txs[0]!.status).toBe('completed');
  });

  it('sends deletes as tombstones and replays only the latest change per key', async () => {
    const start = (await drain(dev, undefined, 100)).cursor;
    await h.admin.publishAnnouncement({ id: 'a1', title: 't1', body: 'b' });
    await h.admin.publishAnnouncement({ id: 'a1', title: 't2', body: 'b' });
    await h.admin.withdrawAnnouncement('a1');
    const got = (await drain(dev, start)).changes;
    expect(got).toEqual([{ dataset: 'announcements', op: 'delete', key: 'a1', value: null, version: 3 }]);
  });

  it('answers 410 cursor_expired for expired epochs, compacted tombstones, forged and foreign cursors', async () => {
    const { cursor } = await drain(dev, undefined, 100);
    const other = await h.enrol();
    const foreign = await other.changes(cursor);
    expect(foreign.status).toBe(410);
    const forged = await dev.changes(`${cursor.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`);
    expect(forged.status).toBe(410);
    expect(json<{ error: { code: string; permanent: boolean } }>(forged).error).toMatchObject({
      code: 'cursor_expired',
    });
    expect(forged.check).toEqual({ ok: true });

    await h.admin.publishAnnouncement({ id: 'a9', title: 't', body: 'b' });
    await h.admin.withdrawAnnouncement('a9');
    await h.admin.compactChanges();
    expect((await dev.changes(cursor)).status).toBe(410);
    // Paging from the start in small pages after a compaction must not trip over the floor.
    const fresh = (await drain(dev, undefined, 2)).cursor;
    expect((await dev.changes(fresh)).status).toBe(200);
    await h.admin.expireCursors();
    expect((await dev.changes(fresh)).status).toBe(410);
    expect((await dev.changes()).status).toBe(200);
  });

  it('keeps cursors valid across restarts and expires them by age when configured', async () => {
    const { cursor } = await drain(dev, undefined, 100);
    await h.restart();
    expect((await dev.changes(cursor)).status).toBe(200);
    await h.restart({ cursorMaxAgeMs: 50 });
    await new Promise((r) => setTimeout(r, 80));
    expect((await dev.changes(cursor)).status).toBe(410);
  });

  it('rejects a bad limit', async () => {
    expect((await dev.changes(undefined, 0)).status).toBe(200);
    const r = await dev.send('GET', `/v1/devices/${dev.deviceId}/changes?limit=abc`);
    expect(r.status).toBe(400);
  });
});
