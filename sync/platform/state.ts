// Everything a request handler of the reference platform needs, in one place.
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Database as Db } from 'better-sqlite3';
import {
  generateEd25519KeyPair,
  privateKeyFromPkcs8Base64,
  privateKeyToPkcs8Base64,
  publicKeyToSpkiBase64,
} from '../protocol/keys';
import { createPublicKey } from 'node:crypto';
import type { ChangeLog } from './change-log';
import type { BlobStore } from './blobs';
import type { InFlightPatches } from './inflight-patches';
import { getMeta, setMeta } from './db';
import type { FaultInjector } from './faults';
import type { BatchStats } from './batch';

export interface PlatformStats {
  requests: Record<string, number>;
  responses: Record<string, number>;
  batches: number;
  items: BatchStats;
  /** Requests that were signed with a `created` far from the platform's clock (logged, never rejected). */
  skewed_requests: number;
}

export interface PlatformState {
  db: Db;
  changes: ChangeLog;
  blobs: BlobStore;
  /** Blob PATCHes being received, so a cut-off one can be settled before the blob's next request. */
  inflightPatches: InFlightPatches;
  faults: FaultInjector;
  stats: PlatformStats;
  platformPrivateKey: KeyObject;
  platformPublicKeyB64: string;
  cursorSecret: Buffer;
  cursorMaxAgeMs: number | null;
  adminToken: string;
  adminAllowRemote: boolean;
  log: (event: Record<string, unknown>) => void;
}

/** Loads the platform's signing key and cursor secret from the database, creating them once. */
export function loadSecrets(
  db: Db,
  givenKey?: KeyObject,
): { privateKey: KeyObject; publicKeyB64: string; cursorSecret: Buffer } {
  return db.transaction(() => {
    let keyB64 = getMeta(db, 'platform_private_key');
    if (givenKey) {
      keyB64 = privateKeyToPkcs8Base64(givenKey);
      setMeta(db, 'platform_private_key', keyB64);
    } else if (!keyB64) {
      keyB64 = privateKeyToPkcs8Base64(generateEd25519KeyPair().privateKey);
      setMeta(db, 'platform_private_key', keyB64);
    }
    let secret = getMeta(db, 'cursor_secret');
    if (!secret) {
      secret = randomBytes(32).toString('hex');
      setMeta(db, 'cursor_secret', secret);
    }
    const privateKey = privateKeyFromPkcs8Base64(keyB64);
    return {
      privateKey,
      publicKeyB64: publicKeyToSpkiBase64(createPublicKey(privateKey)),
      cursorSecret: Buffer.from(secret, 'hex'),
    };
  })();
}

export function cursorEpoch(db: Db): number {
  return Number(getMeta(db, 'cursor_epoch') ?? '1');
}

export function newStats(): PlatformStats {
  return {
    requests: {},
    responses: {},
    batches: 0,
    items: { applied: 0, duplicate: 0, rejected: 0, deferred: 0 },
    skewed_requests: 0,
  };
}
