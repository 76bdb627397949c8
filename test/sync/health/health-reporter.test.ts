import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type Database from 'better-sqlite3';
import { OutboxStore } from '../../../sync/outbox/outbox-store';
import { HealthReporter } from '../../../sync/health/health-reporter';
import { buildHealthPayload } from '../../../sync/health/health-payload';
import { fakeClocks, openTestDb, testSealer } from '../helpers';

describe('HealthReporter', () => {
  let t: ReturnType<typeof openTestDb>;
  let db: Database.Database;
  let outbox: OutboxStore;
  let idcard: 'ok' | 'fault';
  let reporter: HealthReporter;

  const healthRows = () =>
    db.prepare("SELECT seq, tx_id, state FROM sync_outbox WHERE kind = 'health' ORDER BY seq").all() as {
      seq: number;
      tx_id: string;
      state: string;
    }[];
  const lastPayload = () => {
    const seq = healthRows().at(-1)!.seq;
    const [item] = outbox.claim([seq], 'b-peek');
    outbox.release('b-peek');
    return JSON.parse(item!.payloadJcs) as { devices: { idcard: string } };
  };
  const ack = (batchId: string) => {
    const rows = healthRows().filter((r) => r.state === 'pending');
    outbox.claim(
      rows.map((r) => r.seq),
      batchId,
    );
    outbox.applyResults(
      batchId,
      rows.map((r) => ({
        seq: r.seq,
        tx_id: r.tx_id,
        status: 'applied',
        server_ref: 'JK1',
        code: null,
        message: null,
      })),
      new Date().toISOString(),
    );
  };

  beforeEach(() => {
    vi.useFakeTimers();
    t = openTestDb();
    db = t.db;
    outbox = new OutboxStore({
      db,
      sealer: testSealer(),
      clocks: fakeClocks(),
      bootId: 'boot-a',
      clockEstimate: () => ({ offsetMs: null, ageS: null }),
    });
    idcard = 'ok';
    const queue = { pending: 0, inflight: 0, deferred: 0, acked: 0, rejected: 0, oldestPending: null };
    reporter = new HealthReporter({
      outbox,
      intervalMs: 15 * 60_000,
      debounceMs: 30_000,
      collect: () =>
        buildHealthPayload({
          nowMs: Date.now(),
          version: '1.0.0',
          uptimeS: 1,
          devices: { idcard },
          queue,
          diskFreeMb: 100,
          clockOffsetMs: null,
        }),
    });
  });
  afterEach(() => {
    reporter.stop();
    vi.useRealTimers();
    t.close();
  });

  it('reports every interval, never more than one unsent health item', () => {
    reporter.start();
    expect(healthRows()).toHaveLength(0);
    vi.advanceTimersByTime(15 * 60_000);
    expect(healthRows()).toHaveLength(1);
    vi.advanceTimersByTime(4 * 15 * 60_000); // offline for an hour: nothing piles up
    expect(healthRows()).toHaveLength(1);
    ack('b1');
    vi.advanceTimersByTime(15 * 60_000);
    expect(healthRows().map((r) => r.state)).toEqual(['acked', 'pending']);
  });

  it('reports a device change once, after it settles', () => {
    reporter.start();
    reporter.report();
    ack('b1');
    idcard = 'fault';
    reporter.deviceChanged();
    vi.advanceTimersByTime(20_000);
    reporter.deviceChanged(); // still flapping: the wait starts over
    vi.advanceTimersByTime(20_000);
    expect(healthRows()).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(healthRows()).toHaveLength(2);
    expect(lastPayload().devices.idcard).toBe('fault');
  });

  it('owes a report skipped while one was unsent and sends it fresh once the queue moves', () => {
    reporter.start();
    reporter.report();
    idcard = 'fault';
    expect(reporter.report()).toBe('owed');
    reporter.queueChanged();
    expect(healthRows()).toHaveLength(1);
    expect(lastPayload().devices.idcard).toBe('ok');
    ack('b1');
    reporter.queueChanged();
    expect(healthRows()).toHaveLength(2);
    expect(healthRows()[1]!.state).toBe('pending');
    ack('b2');
    reporter.queueChanged(); // paid: nothing more until the next interval or change
    expect(healthRows()).toHaveLength(2);
  });
});
