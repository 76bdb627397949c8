import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Db } from '../store/database';
import type { FieldCipher } from '../store/field-cipher';
import type { AuditEvent, AuditRecorder } from './audit-port';
import { sealContext } from './transaction-service';
import { speechCacheDir } from '../speech/speech-wiring';

const ID_NUMBER = /^(\d{17}[\dX]|\d{15}|[A-Z]{3}\d{12})$/;

export interface WipeReport {
  readonly transactions: number;
  readonly outboxItems: number;
  readonly blobs: number;
  readonly datasetRows: number;
  readonly receipts: number;
  /** Rendered spoken prompts (a masked name spoken is still personal), with the cache's name key. */
  readonly speechFiles: number;
  /** The proof: every file of the data folder searched for what the database held. */
  readonly scan: ScanReport;
}

export interface ScanReport {
  readonly idNumbers: number;
  readonly files: number;
  readonly bytes: number;
  /** Files still holding one of them (relative to the data folder), with the masked number. */
  readonly found: readonly { readonly file: string; readonly masked: string }[];
}

/** Applications and ratings the platform has not applied yet: erasing them loses them for good. */
export function countUnsent(db: Db): number {
  const row = db
    .prepare(
      "SELECT COUNT(*) AS n FROM sync_outbox WHERE kind IN ('application', 'evaluation') AND state IN ('pending', 'inflight', 'deferred')",
    )
    .get() as { n: number };
  return row.n;
}

/**
 * Decommissioning: erases every piece of personal data the terminal holds (transactions, outbox
 * payloads and attachments, sealed reference data such as agents and case notes, simulator
 * receipts), rebuilds the database file so no freed page keeps old bytes, and then proves it by
 * searching every file of the data folder for the ID numbers (and their lookup hashes) it held.
 * The audit chain stays: it holds no personal data and records this wipe.
 */
export function wipePersonalData(deps: {
  readonly db: Db;
  readonly cipher: FieldCipher;
  readonly dataDir: string;
  readonly audit: AuditRecorder;
  readonly actor: AuditEvent['actor'];
}): WipeReport {
  const { db } = deps;
  const secrets = collectSecrets(db, deps.cipher);
  const counts = db.transaction(() => {
    const transactions = db.prepare('DELETE FROM transactions').run().changes;
    // Audit blocks carry no personal data; they stay queued so the platform sees the wipe.
    const outboxItems = db.prepare("DELETE FROM sync_outbox WHERE kind <> 'audit'").run().changes;
    const blobs = db.prepare('DELETE FROM sync_blobs').run().changes;
    const datasetRows = db.prepare('DELETE FROM sync_dataset_rows WHERE value_sealed IS NOT NULL').run().changes;
    db.prepare('DELETE FROM reuse_values').run();
    deps.audit.record({
      actor: deps.actor,
      action: 'data.wipe',
      object: `transactions=${transactions};outbox=${outboxItems}`,
      result: 'ok',
    });
    return { transactions, outboxItems, blobs, datasetRows };
  })();
  // VACUUM rewrites the file from live rows only; the checkpoint empties the WAL.
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const receipts = removeFiles(join(deps.dataDir, 'receipts'));
  const speechFiles = removeFiles(speechCacheDir(deps.dataDir));
  return { ...counts, receipts, speechFiles, scan: scanFolder(deps.dataDir, secrets) };
}

interface Secret {
  readonly masked: string;
  readonly needles: readonly Buffer[];
}

function collectSecrets(db: Db, cipher: FieldCipher): Secret[] {
  const rows = db.prepare('SELECT tx_id, id_hash, sealed_record FROM transactions').all() as {
    tx_id: string;
    id_hash: Uint8Array;
    sealed_record: Uint8Array;
  }[];
  const byNumber = new Map<string, Buffer[]>();
  for (const row of rows) {
    const numbers = new Set<string>();
    if (row.sealed_record.length > 0)
      collectIdNumbers(cipher.openJson<unknown>(row.sealed_record, sealContext(row.tx_id)), numbers);
    for (const n of numbers) {
      const needles = byNumber.get(n) ?? [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')];
      if (row.id_hash.length > 0) needles.push(Buffer.from(row.id_hash));
      byNumber.set(n, needles);
    }
  }
  return [...byNumber].map(([n, needles]) => ({ masked: `${n.slice(0, 4)}**********${n.slice(-4)}`, needles }));
}

function collectIdNumbers(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (ID_NUMBER.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIdNumbers(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectIdNumbers(v, into);
  }
}

/** Searches every file under `dir` (database, WAL, keys, logs, anything left there) byte by byte. */
export function scanFolder(dir: string, secrets: readonly Secret[]): ScanReport {
  let files = 0;
  let bytes = 0;
  const found: { file: string; masked: string }[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) {
        walk(path);
        continue;
      }
      if (!st.isFile()) continue;
      const content = readFileSync(path);
      files += 1;
      bytes += content.length;
      for (const s of secrets) {
        if (s.needles.some((n) => content.includes(n))) found.push({ file: relative(dir, path), masked: s.masked });
      }
    }
  };
  walk(dir);
  return { idNumbers: secrets.length, files, bytes, found };
}

function removeFiles(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  for (const name of names) rmSync(join(dir, name), { recursive: true, force: true });
  return names.length;
}
