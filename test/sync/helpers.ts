import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/store/database';
import { FieldCipher } from '../../main/store/field-cipher';
import type { Sealer } from '../../sync/sealer';

/** A temp-file database opened like the host's store, with the sync migrations applied. */
export function openTestDb(): { db: Database.Database; dir: string; path: string; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cunzhan-sync-'));
  const path = join(dir, 'store.db');
  // Opened exactly as the host opens its store: same pragmas, same migrations.
  const db = openDatabase(path);
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

/** The host's own sealer (AES-256-GCM, context as AAD). */
export function testSealer(key: Buffer = randomBytes(32)): Sealer {
  return new FieldCipher(key);
}

/** Controllable clocks for unit tests. */
export function fakeClocks(wallIso = '2026-11-22T03:00:00.000Z'): {
  wallNow: () => number;
  monoNow: () => number;
  advance: (ms: number) => void;
  setWall: (iso: string) => void;
} {
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
