import type Database from 'better-sqlite3';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { SyncLogger } from '../logger';
import { sealContext, type Sealer } from '../sealer';
import { getState, setState } from '../state';
import type { Change } from '../client/wire';
import { datasetNames, datasetSchemas, sealedDatasets } from './datasets';
import type { Agent, Announcement, CatalogItem, DatasetName, FormDefinition, TxStatus } from './datasets';

const CURSOR = 'changes_cursor';
const GEN = 'changes_gen';
const RESYNC = 'changes_resync';

export interface DatasetEntry<T> {
  readonly key: string;
  readonly version: number;
  readonly value: T;
}

export interface PageSummary {
  readonly applied: number;
  readonly skipped: number;
  readonly datasets: DatasetName[];
}

/**
 * Downloaded reference data, one row per (dataset, key). A page of changes and the cursor that
 * follows it are written in one local transaction. A 410 restart does not empty the tables: rows
 * re-downloaded get the new generation and, when the restarted download completes, rows from
 * older generations (deleted on the platform meanwhile) are removed — the screens never see an
 * empty catalogue.
 */
export class DatasetStore {
  readonly #events = new TypedEmitter<{ changed: { datasets: DatasetName[] } }>();

  constructor(
    private readonly db: Database.Database,
    private readonly sealer: Sealer,
    private readonly logger: SyncLogger,
  ) {}

  /** Subscribe to dataset changes (after commit). Returns an unsubscribe function. */
  onChanged(cb: (e: { datasets: DatasetName[] }) => void): () => void {
    return this.#events.on('changed', cb);
  }

  catalog(): CatalogItem[] {
    return this.#all<CatalogItem>('catalog').map((e) => e.value);
  }

  form(formId: string): FormDefinition | null {
    return this.#one<FormDefinition>('forms', formId);
  }

  announcements(): Announcement[] {
    return this.#all<Announcement>('announcements').map((e) => e.value);
  }

  txStatus(txId: string): TxStatus | null {
    return this.#one<TxStatus>('tx_status', txId.toLowerCase()) ?? this.#one<TxStatus>('tx_status', txId);
  }

  /**
   * The `tx_status` rows of many transactions in one query (我的办件 lists up to hundreds): keyed by
   * the tx id as asked. Keys are stored as the platform sent them; lower-case ids are tried first,
   * as `txStatus` does.
   */
  txStatuses(txIds: readonly string[]): Map<string, TxStatus> {
    const out = new Map<string, TxStatus>();
    /** Stored key → the ids asked for that it answers (an id as given, and its lower-case form). */
    const askedBy = new Map<string, string[]>();
    const want = (key: string, asked: string): void => {
      const list = askedBy.get(key) ?? [];
      if (!list.includes(asked)) list.push(asked);
      askedBy.set(key, list);
    };
    for (const id of txIds) {
      want(id.toLowerCase(), id);
      want(id, id);
    }
    const keys = [...askedBy.keys()];
    // Well below SQLite's limit on bound parameters.
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT key, value, value_sealed FROM sync_dataset_rows WHERE dataset = 'tx_status' AND key IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as { key: string; value: string | null; value_sealed: Uint8Array | null }[];
      for (const r of rows) {
        const value = this.#decode<TxStatus>('tx_status', r);
        for (const asked of askedBy.get(r.key) ?? []) {
          // The lower-case key wins, as in txStatus.
          if (!out.has(asked) || r.key === asked.toLowerCase()) out.set(asked, value);
        }
      }
    }
    return out;
  }

  agents(): Agent[] {
    return this.#all<Agent>('agents').map((e) => e.value);
  }

  /** Remote settings as key → value (idle timeout, retention days, receipt header …). */
  config(): Record<string, unknown> {
    return Object.fromEntries(this.#all<unknown>('config').map((e) => [e.key, e.value]));
  }

  cursor(): string | null {
    return getState<string | null>(this.db, CURSOR) ?? null;
  }

  resyncInProgress(): boolean {
    return getState<boolean>(this.db, RESYNC) ?? false;
  }

  /** 410 cursor_expired: forget the cursor and download everything again (see class comment). */
  restartFromScratch(): void {
    this.db.transaction(() => {
      setState(this.db, CURSOR, null);
      setState(this.db, GEN, (getState<number>(this.db, GEN) ?? 0) + 1);
      setState(this.db, RESYNC, true);
    })();
  }

  applyPage(changes: readonly Change[], nextCursor: string, hasMore: boolean): PageSummary {
    const touched = new Set<DatasetName>();
    const run = this.db.transaction((): PageSummary => {
      const gen = getState<number>(this.db, GEN) ?? 0;
      const upsert = this.db.prepare(
        `INSERT INTO sync_dataset_rows (dataset, key, value, value_sealed, version, gen) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(dataset, key) DO UPDATE SET value = excluded.value, value_sealed = excluded.value_sealed,
           version = excluded.version, gen = excluded.gen`,
      );
      const del = this.db.prepare('DELETE FROM sync_dataset_rows WHERE dataset = ? AND key = ?');
      let applied = 0;
      let skipped = 0;
      for (const c of changes) {
        if (!(datasetNames as readonly string[]).includes(c.dataset)) {
          skipped++;
          this.logger.warn(
            { dataset: c.dataset, key_len: c.key.length },
            'sync: change for an unknown dataset ignored',
          );
          continue;
        }
        const ds = c.dataset as DatasetName;
        if (c.op === 'delete') {
          del.run(ds, c.key);
        } else {
          const parsed = datasetSchemas[ds].safeParse(c.value);
          if (!parsed.success) {
            // A malformed entry must not block the download of everything after it.
            skipped++;
            this.logger.warn({ dataset: ds, version: c.version }, 'sync: invalid change value skipped');
            continue;
          }
          const json = JSON.stringify(parsed.data ?? null);
          if (sealedDatasets.has(ds)) {
            upsert.run(
              ds,
              c.key,
              null,
              this.sealer.seal(Buffer.from(json, 'utf8'), sealContext.datasetValue(ds, c.key)),
              c.version,
              gen,
            );
          } else {
            upsert.run(ds, c.key, json, null, c.version, gen);
          }
        }
        applied++;
        touched.add(ds);
      }
      setState(this.db, CURSOR, nextCursor);
      if (!hasMore && getState<boolean>(this.db, RESYNC)) {
        const removed = this.db.prepare('DELETE FROM sync_dataset_rows WHERE gen < ? RETURNING dataset').all(gen) as {
          dataset: DatasetName;
        }[];
        for (const r of removed) touched.add(r.dataset);
        setState(this.db, RESYNC, false);
      }
      return { applied, skipped, datasets: [...touched] };
    });
    const summary = run();
    if (summary.datasets.length > 0) this.#events.emit('changed', { datasets: summary.datasets });
    return summary;
  }

  #decode<T>(dataset: DatasetName, row: { key: string; value: string | null; value_sealed: Uint8Array | null }): T {
    const text = row.value_sealed
      ? Buffer.from(this.sealer.open(row.value_sealed, sealContext.datasetValue(dataset, row.key))).toString('utf8')
      : (row.value ?? 'null');
    return JSON.parse(text) as T;
  }

  #all<T>(dataset: DatasetName): DatasetEntry<T>[] {
    const rows = this.db
      .prepare('SELECT key, value, value_sealed, version FROM sync_dataset_rows WHERE dataset = ? ORDER BY key')
      .all(dataset) as { key: string; value: string | null; value_sealed: Uint8Array | null; version: number }[];
    return rows.map((r) => ({ key: r.key, version: r.version, value: this.#decode<T>(dataset, r) }));
  }

  #one<T>(dataset: DatasetName, key: string): T | null {
    const row = this.db
      .prepare('SELECT key, value, value_sealed FROM sync_dataset_rows WHERE dataset = ? AND key = ?')
      .get(dataset, key) as { key: string; value: string | null; value_sealed: Uint8Array | null } | undefined;
    return row ? this.#decode<T>(dataset, row) : null;
  }
}
