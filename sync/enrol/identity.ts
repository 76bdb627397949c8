import type Database from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import { privateKeyFromPkcs8Base64, privateKeyToPkcs8Base64, publicKeyFromSpkiBase64 } from '../protocol/keys';
import { sealContext, type Sealer } from '../sealer';

export interface Identity {
  readonly deviceId: string;
  readonly platformUrl: string;
  readonly platformPublicKey: KeyObject;
  readonly publicKeySpki: string;
  readonly privateKey: KeyObject;
  readonly enrolledServerTime: string;
}

/** The device's enrolment: private key sealed at rest (never written in clear, never logged). */
export function loadIdentity(db: Database.Database, sealer: Sealer): Identity | null {
  const row = db.prepare('SELECT * FROM sync_identity WHERE id = 1').get() as
    | {
        device_id: string;
        platform_url: string;
        platform_public_key: string;
        public_key: string;
        private_key_sealed: Uint8Array;
        enrolled_server_time: string;
      }
    | undefined;
  if (!row) return null;
  const pkcs8 = Buffer.from(sealer.open(row.private_key_sealed, sealContext.privateKey())).toString('utf8');
  return {
    deviceId: row.device_id,
    platformUrl: row.platform_url,
    platformPublicKey: publicKeyFromSpkiBase64(row.platform_public_key),
    publicKeySpki: row.public_key,
    privateKey: privateKeyFromPkcs8Base64(pkcs8),
    enrolledServerTime: row.enrolled_server_time,
  };
}

export function saveIdentity(
  db: Database.Database,
  sealer: Sealer,
  id: {
    deviceId: string;
    platformUrl: string;
    platformPublicKey: string;
    publicKeySpki: string;
    privateKey: KeyObject;
    serverTime: string;
    deviceTime: string;
  },
): void {
  // Validate before storing: a bad platform key would make every later response unverifiable.
  publicKeyFromSpkiBase64(id.platformPublicKey);
  const sealed = sealer.seal(Buffer.from(privateKeyToPkcs8Base64(id.privateKey), 'utf8'), sealContext.privateKey());
  db.prepare(
    `INSERT INTO sync_identity (id, device_id, platform_url, platform_public_key, public_key, private_key_sealed, enrolled_server_time, enrolled_device_time)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET device_id = excluded.device_id, platform_url = excluded.platform_url,
       platform_public_key = excluded.platform_public_key, public_key = excluded.public_key,
       private_key_sealed = excluded.private_key_sealed, enrolled_server_time = excluded.enrolled_server_time,
       enrolled_device_time = excluded.enrolled_device_time`,
  ).run(id.deviceId, id.platformUrl, id.platformPublicKey, id.publicKeySpki, sealed, id.serverTime, id.deviceTime);
}
