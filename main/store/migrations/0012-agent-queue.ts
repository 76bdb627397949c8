import type Database from 'better-sqlite3';

/**
 * The agent's queue and day close (日结). The queue filters by state, so the state lives in a
 * plain column (`queue_state`): the platform's progress arrives sealed (tx_status) and cannot be
 * filtered in SQL. Outbox moves are copied by trigger in the same transaction as the move; the
 * platform's progress is copied by the host after each sync round (QueueStateIndexer).
 * `day` is the station's calendar day: China keeps one time zone (UTC+8) and no summer time.
 */
export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE transactions ADD COLUMN queue_state TEXT NOT NULL DEFAULT 'saved_offline'
      CHECK (queue_state IN ('saved_offline', 'sending', 'accepted', 'in_progress', 'needs_more', 'completed', 'refused', 'rejected'));
    -- The platform's own status once it flowed back; outbox moves never overwrite it.
    ALTER TABLE transactions ADD COLUMN platform_status TEXT;
    -- A correction (修改后重新提交) names the rejected transaction it replaces.
    ALTER TABLE transactions ADD COLUMN supersedes TEXT;
    -- Missing documents (补充材料) for a needs_more transaction.
    ALTER TABLE transactions ADD COLUMN supplements TEXT;
    -- Raised on every queue change; the host publishes the rows above the last revision it announced.
    ALTER TABLE transactions ADD COLUMN queue_rev INTEGER NOT NULL DEFAULT 0;
    -- 1 while the platform's (sealed) progress for this row has not been copied to queue_state yet.
    ALTER TABLE transactions ADD COLUMN platform_dirty INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE transactions ADD COLUMN day TEXT GENERATED ALWAYS AS (date(created_at, '+8 hours')) VIRTUAL;

    UPDATE transactions SET queue_state = COALESCE((
      SELECT CASE o.state WHEN 'inflight' THEN 'sending' WHEN 'acked' THEN 'accepted' WHEN 'rejected' THEN 'rejected'
             ELSE 'saved_offline' END
      FROM sync_outbox o WHERE o.tx_id = transactions.tx_id), 'saved_offline');

    CREATE INDEX transactions_created ON transactions (created_at, tx_id);
    CREATE INDEX transactions_state_created ON transactions (queue_state, created_at, tx_id);
    CREATE INDEX transactions_service_created ON transactions (service_code, created_at, tx_id);
    CREATE INDEX transactions_agent_created ON transactions (agent_id, created_at, tx_id);
    -- Covers the day close: its counts never read the rows themselves.
    CREATE INDEX transactions_day_close ON transactions (day, agent_id, service_code, queue_state, created_at);
    -- Evaluations (好差评) are few among the outbox rows: the day close finds them without a scan.
    CREATE INDEX sync_outbox_evaluations ON sync_outbox (depends_on) WHERE kind = 'evaluation';
    CREATE INDEX transactions_queue_rev ON transactions (queue_rev);
    CREATE INDEX transactions_platform_dirty ON transactions (platform_dirty) WHERE platform_dirty = 1;
    CREATE INDEX transactions_supersedes ON transactions (supersedes) WHERE supersedes IS NOT NULL;
    UPDATE transactions SET platform_dirty = 1
      WHERE tx_id IN (SELECT key FROM sync_dataset_rows WHERE dataset = 'tx_status');

    CREATE TRIGGER transactions_queue_state_from_outbox_insert AFTER INSERT ON sync_outbox
    WHEN NEW.kind = 'application' BEGIN
      UPDATE transactions SET queue_state = CASE NEW.state WHEN 'inflight' THEN 'sending' WHEN 'acked' THEN 'accepted'
        WHEN 'rejected' THEN 'rejected' ELSE 'saved_offline' END,
        queue_rev = (SELECT COALESCE(MAX(queue_rev), 0) + 1 FROM transactions)
      WHERE tx_id = NEW.tx_id AND platform_status IS NULL;
    END;
    CREATE TRIGGER transactions_queue_state_from_outbox_update AFTER UPDATE OF state ON sync_outbox
    WHEN NEW.kind = 'application' AND NEW.state <> OLD.state BEGIN
      UPDATE transactions SET queue_state = CASE NEW.state WHEN 'inflight' THEN 'sending' WHEN 'acked' THEN 'accepted'
        WHEN 'rejected' THEN 'rejected' ELSE 'saved_offline' END,
        queue_rev = (SELECT COALESCE(MAX(queue_rev), 0) + 1 FROM transactions)
      WHERE tx_id = NEW.tx_id AND platform_status IS NULL;
    END;

    CREATE TRIGGER transactions_platform_status_arrived AFTER INSERT ON sync_dataset_rows
    WHEN NEW.dataset = 'tx_status' BEGIN
      UPDATE transactions SET platform_dirty = 1 WHERE tx_id = lower(NEW.key);
    END;
    CREATE TRIGGER transactions_platform_status_changed AFTER UPDATE ON sync_dataset_rows
    WHEN NEW.dataset = 'tx_status' BEGIN
      UPDATE transactions SET platform_dirty = 1 WHERE tx_id = lower(NEW.key);
    END;

    -- One row per closed day: agent_key is an agent id, or '*' for the whole station.
    CREATE TABLE day_closes (
      day TEXT NOT NULL,
      agent_key TEXT NOT NULL,
      closed_at TEXT NOT NULL,
      summary TEXT NOT NULL,
      summary_sha256 TEXT NOT NULL,
      PRIMARY KEY (day, agent_key)
    ) STRICT;
    CREATE TRIGGER day_closes_no_update BEFORE UPDATE ON day_closes BEGIN
      SELECT RAISE(ABORT, 'day_closed');
    END;
    CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes BEGIN
      SELECT RAISE(ABORT, 'day_closed');
    END;
    -- A closed day takes no new application: for the agent who closed it, or any once the station closed it.
    CREATE TRIGGER transactions_refuse_closed_day BEFORE INSERT ON transactions
    WHEN EXISTS (SELECT 1 FROM day_closes WHERE day = date(NEW.created_at, '+8 hours')
                 AND agent_key IN ('*', COALESCE(NEW.agent_id, '*'))) BEGIN
      SELECT RAISE(ABORT, 'day_closed');
    END;
  `);
}
