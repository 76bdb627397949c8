import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncMigrations } from '../../sync/schema';
import type { Sealer } from '../../sync/sealer';

/** A temp-file database opened like the host's store, with the sync migrations applied. */
export function openTestDb(): { db: Database.Database; dir: string; path: string; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cunzhan-sync-'));
  const path = join(dir, 'store.db');
  const db = new Database(path);
  // auto_vacuum must be set before WAL on a new file.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS test_migrations (n INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT');
  const applied = new Set((db.prepare('SELECT name FROM test_migrations').all() as { name: string }[]).map((r) => r.name));
  syncMigrations.forEach((m, i) => {
    if (applied.has(m.name)) return;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO test_migrations (n, name) VALUES (?, ?)').run(i + 1, m.name);
    })();
  });
  return {
    db,
    dir,
    path,
    close: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** AES-256-GCM with the context as AAD, as the host implements it. Layout: iv(12) | tag(16) | ct. */
export function testSealer(key: Buffer = randomBytes(32)): Sealer {
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]);
    },
    open(sealed, context) {
      const b = Buffer.from(sealed);
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAAD(Buffer.from(context, 'utf8'));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]);
    },
  };
}

/** Controllable clocks for unit tests. */
export function fakeClocks(wallIso = '2026-11-22T03:00:00.000Z'): { wallNow: () => number; monoNow: () => number; advance: (ms: number) => void; setWall: (iso: string) => void } {
  let wall = Date.parse(wallIso);
  let mono = 1_000_000;
  return {
    wallNow: () => wall,
    monoNow: () => mono,
    advance: (ms) => {
      wall += ms;
      mono += ms;
    },
    setWall: (iso) => {
      wall = Date.parse(iso);
    },
  };
}
