import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../../rules/result';
import { sealContext } from '../../services/transaction-service';
import type { FieldCipher } from '../../store/field-cipher';

const HAN = /\p{Script=Han}/u;

function collect(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (HAN.test(value) && [...value.trim()].length >= 2) into.add(value.trim());
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collect(v, into);
  }
}

/**
 * The names, addresses and other Chinese free text villagers gave at this terminal (their sealed
 * records, opened with the data key) and the agents' names: what the diagnostics bundle must not
 * contain. Every Chinese answer counts, not just the name fields, so a name typed into a free-text
 * field is found too; over-redacting a diagnostic costs nothing. A record that will not open
 * refuses the whole bundle: the scan would not be complete.
 */
export function personalStrings(
  db: Database.Database,
  cipher: FieldCipher,
  agentNames: readonly string[],
): Result<string[], 'diag_records_unreadable'> {
  const found = new Set<string>();
  for (const n of agentNames) collect(n, found);
  const rows = db.prepare('SELECT tx_id, sealed_record FROM transactions WHERE length(sealed_record) > 0').all() as {
    tx_id: string;
    sealed_record: Uint8Array;
  }[];
  for (const row of rows) {
    let payload: { fields?: unknown };
    try {
      payload = cipher.openJson<{ fields?: unknown }>(row.sealed_record, sealContext(row.tx_id));
    } catch {
      return err(
        'diag_records_unreadable',
        '有业务记录无法用本机密钥打开，无法确认诊断包里没有个人信息，所以没有生成。请检查密钥文件是否被替换。',
      );
    }
    collect(payload.fields, found);
  }
  return ok([...found]);
}
