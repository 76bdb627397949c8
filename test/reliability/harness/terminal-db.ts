// The terminal's SQLite file as the host opens it (auto_vacuum before WAL, synchronous=FULL) with
// the sync migrations applied, and an AES-256-GCM sealer whose key lives next to the database so
// that a restarted (SIGKILLed) terminal process can open what its predecessor sealed.
import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { syncMigrations } from '../../../sync/schema';
import type { Sealer } from '../../../sync/sealer';

export function openTerminalDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS reliability_migrations (n INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT');
  const applied = new Set((db.prepare('SELECT name FROM reliability_migrations').all() as { name: string }[]).map((r) => r.name));
  syncMigrations.forEach((m, i) => {
    if (applied.has(m.name)) return;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO reliability_migrations (n, name) VALUES (?, ?)').run(i + 1, m.name);
    })();
  });
  return db;
}

/** AES-256-GCM, context as additional authenticated data; layout iv(12) | tag(16) | ciphertext. */
export function aesSealer(key: Buffer): Sealer {
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

/** Reads the key file, creating it (0600) on first use. */
export function sealerFromKeyFile(path: string): Sealer {
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  return aesSealer(readFileSync(path));
}
