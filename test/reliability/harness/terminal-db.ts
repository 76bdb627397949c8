// The terminal's SQLite file as the host opens it (auto_vacuum before WAL, synchronous=FULL) with
// the sync migrations applied, and an AES-256-GCM sealer whose key lives next to the database so
// that a restarted (SIGKILLed) terminal process can open what its predecessor sealed.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { openDatabase } from '../../../main/store/database';
import { FieldCipher } from '../../../main/store/field-cipher';
import type { Sealer } from '../../../sync/sealer';

/** Opened exactly as the host opens its store (main/store/database.ts): same pragmas, same migrations. */
export function openTerminalDb(path: string): Database.Database {
  return openDatabase(path);
}

/** The host's own sealer (AES-256-GCM, context as AAD). */
export function aesSealer(key: Buffer): Sealer {
  return new FieldCipher(key);
}

/** Reads the key file, creating it (0600) on first use. */
export function sealerFromKeyFile(path: string): Sealer {
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  return aesSealer(readFileSync(path));
}
