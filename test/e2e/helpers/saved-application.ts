import Database from 'better-sqlite3';
import { join } from 'node:path';
import { sealContext } from '../../../main/services/transaction-service';
import { deriveKeys, FieldCipher } from '../../../main/store/field-cipher';
import { FileKeyProvider } from '../../../main/store/key-provider';

export interface SavedApplication {
  readonly serviceCode: string;
  readonly maskedName: string;
  readonly payload: { readonly fields: Record<string, unknown>; readonly form_id: string };
}

/**
 * The application saved under `localNumber` in a terminal's data dir, its sealed record opened with
 * the host's own key file, key derivation and seal context (what the host wrote is what is read).
 */
export async function savedApplication(dataDir: string, localNumber: string): Promise<SavedApplication> {
  const master = await new FileKeyProvider(join(dataDir, 'keys', 'master.key')).loadOrCreateMasterKey();
  const cipher = new FieldCipher(deriveKeys(master).dataKey);
  const db = new Database(join(dataDir, 'cunzhan.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT tx_id, service_code, masked_name, sealed_record FROM transactions WHERE local_number = ?')
      .get(localNumber) as
      { tx_id: string; service_code: string; masked_name: string; sealed_record: Buffer } | undefined;
    if (!row) throw new Error(`no application saved under ${localNumber}`);
    return {
      serviceCode: row.service_code,
      maskedName: row.masked_name,
      payload: cipher.openJson(row.sealed_record, sealContext(row.tx_id)),
    };
  } finally {
    db.close();
  }
}
