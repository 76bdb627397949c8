import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/database';
import { migrate } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations';
import { syncMigrations } from '../../../sync/schema';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cunzhan-mig-'));
  dirs.push(dir);
  return join(dir, 'test.db');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const schemaOf = (path: string) => {
  const db = openDatabase(path);
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all();
  db.close();
  return rows;
};

describe('migrations', () => {
  it('are numbered 1..n without gaps and include every sync migration once', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const syncNames = migrations.filter((m) => m.name.startsWith('sync:')).map((m) => m.name);
    expect(syncNames).toEqual(syncMigrations.map((m) => `sync:${m.name}`));
  });

  it('creates the database with WAL, synchronous=FULL and incremental auto_vacuum', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const notStrict = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%STRICT%'",
      )
      .all();
    expect(notStrict).toEqual([]);
    db.close();
  });

  it('upgrades a database created by every earlier migration to the same schema as a fresh one', () => {
    const fresh = schemaOf(tempDb());
    for (let k = 1; k < migrations.length; k++) {
      const path = tempDb();
      const old = openDatabase(path, migrations.slice(0, k));
      expect(old.pragma('user_version', { simple: true })).toBe(k);
      old.close();
      expect(schemaOf(path)).toEqual(fresh);
    }
  });

  it('keeps data across an upgrade', () => {
    const path = tempDb();
    const old = openDatabase(path, migrations.slice(0, 1));
    old.prepare("INSERT INTO meta (key, value) VALUES ('station', 'x')").run();
    old.close();
    const db = openDatabase(path);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'station'").get()).toEqual({ value: 'x' });
    db.close();
  });

  it('refuses a database newer than the program instead of touching it', () => {
    const path = tempDb();
    const db = openDatabase(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db, migrations)).toThrow(/newer than this program/);
    db.close();
  });

  it('rolls back a failing migration completely', () => {
    const path = tempDb();
    const broken = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'broken',
        up: (d: Database.Database) => {
          d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
          throw new Error('boom');
        },
      },
    ];
    expect(() => openDatabase(path, broken)).toThrow('boom');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });
});
