// Reference data and its change log. `datasets` holds the current value of every (dataset, key,
// scope); `changes` holds, per key, only its latest change, so a download from the start replays
// each record once. Scope '*' reaches every device, a device id reaches that device only.
// Replacing a key's older change is safe for cursors behind it (they meet the newer one); purging
// tombstones is not, so compact() raises a floor below which cursors issued before it expire.
import type { Database as Db } from 'better-sqlite3';
import type { Change, Dataset } from '../protocol/wire';
import { getMeta, setMeta } from './db';

export const ALL_DEVICES = '*';

interface ChangeRow {
  pos: number;
  dataset: string;
  op: string;
  key: string;
  value: string | null;
  version: number;
}

export class ChangeLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private currentRow(dataset: Dataset, key: string, scope: string) {
    return this.db
      .prepare('SELECT value, version, deleted FROM datasets WHERE dataset = ? AND key = ? AND scope = ?')
      .get(dataset, key, scope) as { value: string | null; version: number; deleted: number } | undefined;
  }

  current<T = unknown>(dataset: Dataset, key: string, scope: string = ALL_DEVICES): T | undefined {
    const row = this.currentRow(dataset, key, scope);
    if (!row || row.deleted || row.value === null) return undefined;
    return JSON.parse(row.value) as T;
  }

  list<T = unknown>(dataset: Dataset, scope: string = ALL_DEVICES): T[] {
    const rows = this.db
      .prepare('SELECT value FROM datasets WHERE dataset = ? AND scope = ? AND deleted = 0 ORDER BY key')
      .all(dataset, scope) as { value: string }[];
    return rows.map((r) => JSON.parse(r.value) as T);
  }

  /** Writes a record and its change. Call inside a transaction when it must go with other writes. */
  upsert(dataset: Dataset, key: string, value: unknown, opts: { scope?: string; version?: number } = {}): number {
    const scope = opts.scope ?? ALL_DEVICES;
    const prev = this.currentRow(dataset, key, scope);
    const version = opts.version ?? (prev ? prev.version + 1 : 1);
    const json = JSON.stringify(value);
    this.db
      .prepare(
        `INSERT INTO datasets (dataset, key, scope, value, version, deleted) VALUES (?, ?, ?, ?, ?, 0)
         ON CONFLICT (dataset, key, scope) DO UPDATE SET value = excluded.value, version = excluded.version, deleted = 0`,
      )
      .run(dataset, key, scope, json, version);
    this.append(dataset, 'upsert', key, json, version, scope);
    return version;
  }

  remove(dataset: Dataset, key: string, scope: string = ALL_DEVICES): boolean {
    const prev = this.currentRow(dataset, key, scope);
    if (!prev || prev.deleted) return false;
    const version = prev.version + 1;
    this.db
      .prepare('UPDATE datasets SET value = NULL, version = ?, deleted = 1 WHERE dataset = ? AND key = ? AND scope = ?')
      .run(version, dataset, key, scope);
    this.append(dataset, 'delete', key, null, version, scope);
    return true;
  }

  private append(
    dataset: Dataset,
    op: 'upsert' | 'delete',
    key: string,
    value: string | null,
    version: number,
    scope: string,
  ) {
    this.db.prepare('DELETE FROM changes WHERE dataset = ? AND key = ? AND scope = ?').run(dataset, key, scope);
    this.db
      .prepare('INSERT INTO changes (dataset, op, key, value, version, scope, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(dataset, op, key, value, version, scope, this.now().toISOString());
  }

  /** Up to `limit` changes after `afterPos` visible to `deviceId`. */
  page(deviceId: string, afterPos: number, limit: number): { changes: Change[]; lastPos: number; hasMore: boolean } {
    const rows = this.db
      .prepare(
        `SELECT pos, dataset, op, key, value, version FROM changes WHERE pos > ? AND scope IN ('${ALL_DEVICES}', ?) ORDER BY pos LIMIT ?`,
      )
      .all(afterPos, deviceId, limit + 1) as ChangeRow[];
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    return {
      changes: page.map((r) => ({
        dataset: r.dataset as Dataset,
        op: r.op as 'upsert' | 'delete',
        key: r.key,
        value: r.value === null ? null : (JSON.parse(r.value) as unknown),
        version: r.version,
      })),
      lastPos: page.length ? page[page.length - 1]!.pos : afterPos,
      hasMore,
    };
  }

  /** Cursors issued before the last compaction and positioned below this have missed a purged tombstone. */
  floor(): number {
    return Number(getMeta(this.db, 'changes_floor') ?? '0');
  }

  /** Number of compactions so far; cursors carry it. */
  compaction(): number {
    return Number(getMeta(this.db, 'changes_compaction') ?? '0');
  }

  /** Whether a cursor at `pos` issued in compaction generation `gen` may have missed a purged tombstone. */
  missedTombstones(pos: number, gen: number): boolean {
    return gen < this.compaction() && pos < this.floor();
  }

  /** Purges tombstones; cursors issued before the newest purged one will get 410. */
  compact(): { purged: number; floor: number } {
    return this.db.transaction(() => {
      const max = this.db.prepare("SELECT MAX(pos) AS m FROM changes WHERE op = 'delete'").get() as {
        m: number | null;
      };
      if (max.m === null) return { purged: 0, floor: this.floor() };
      const purged = this.db.prepare("DELETE FROM changes WHERE op = 'delete'").run().changes;
      this.db.prepare('DELETE FROM datasets WHERE deleted = 1').run();
      setMeta(this.db, 'changes_floor', String(max.m));
      setMeta(this.db, 'changes_compaction', String(this.compaction() + 1));
      return { purged, floor: max.m };
    })();
  }
}
