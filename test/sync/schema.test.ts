import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncMigrations } from '../../sync/schema';
import { OutboxStore } from '../../sync/outbox/outbox-store';
import { fakeClocks, testSealer } from './helpers';

describe('sync migrations on a store that already holds a queue', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('sync_002 counts and sync_003 moves payloads of rows queued under sync_001', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunzhan-sync-mig-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'store.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.exec(syncMigrations[0]!.sql);
      // Rows as the released sync_001 engine wrote them: the payload inside the outbox row.
      const sealer = testSealer();
      const outbox = new OutboxStore({
        db,
        sealer,
        clocks: fakeClocks(),
        bootId: 'b',
        clockEstimate: () => ({ offsetMs: null, ageS: null }),
      });
      const insert = db.prepare(
        `INSERT INTO sync_outbox (tx_id, kind, payload_sealed, payload_sha256, payload_bytes, device_time, boot_id, enqueue_mono_ms, state, acked_server_time)
         VALUES (?, 'application', ?, ?, 2, '2026-01-01T00:00:00Z', 'b', 0, ?, ?)`,
      );
      const txs = [
        '11111111-1111-4111-8111-111111111111',
        '22222222-2222-4222-8222-222222222222',
        '33333333-3333-4333-8333-333333333333',
      ];
      txs.forEach((tx, i) => {
        insert.run(
          tx,
          sealer.seal(Buffer.from('{}'), `sync.outbox.payload:${tx}`),
          'x'.repeat(64),
          i === 0 ? 'acked' : 'pending',
          i === 0 ? '2026-01-01T00:00:00Z' : null,
        );
      });
      for (const m of syncMigrations.slice(1)) db.exec(m.sql);
      expect(db.prepare('SELECT COUNT(*) AS n FROM sync_outbox_payloads').get()).toEqual({ n: 3 });
      expect(outbox.counts()).toMatchObject({ pending: 2, acked: 1, inflight: 0 });
      const cols = (db.prepare('PRAGMA table_info(sync_outbox)').all() as { name: string }[]).map((c) => c.name);
      expect(cols).not.toContain('payload_sealed');
      // A migrated pending row is still sent with its frozen payload.
      const [item] = outbox.claim([2], 'batch-1');
      expect(item).toMatchObject({ txId: txs[1], payloadJcs: '{}' });
      // Deleting a row takes its payload with it.
      db.prepare('DELETE FROM sync_outbox WHERE tx_id = ?').run(txs[0]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM sync_outbox_payloads').get()).toEqual({ n: 2 });
      expect(outbox.counts()).toMatchObject({ pending: 1, inflight: 1, acked: 0 });
    } finally {
      db.close();
    }
  });
});
