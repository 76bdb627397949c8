import type { Db } from '../store/database';
import type { FieldCipher, LookupHasher } from '../store/field-cipher';
import { maskForReuse } from '../../rules/masking';
import type { FieldValue, InputValue } from '../../rules/field-rules';
import type { FormDefinition } from './catalog-schema';
import { isReusableField } from './reusable-fields';

/** Binds a sealed value to its person and field: a value copied to another row does not open. */
const reuseContext = (idHash: Uint8Array, key: string): string =>
  `reuse_values:${Buffer.from(idHash).toString('hex')}:${key}`;

export type TakeResult =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly fields: Readonly<Record<string, string>> };

/** Field messages when an offered answer cannot be used (plain Chinese, shown on that field). */
const GONE = '上次填写的信息已经不在了，请重新填写';
const NOT_OFFERED = '这一项不能使用上次填写的信息，请重新填写';

/**
 * 数据最多采一次: the answers a person gave on earlier forms, sealed per person (keyed hash of the
 * ID number) and field. Only the card in the reader opens its own values; the screen only ever
 * sees them masked, and the host puts the real value into the application itself.
 */
export class ReuseStore {
  readonly #db: Db;
  readonly #cipher: FieldCipher;
  readonly #hasher: LookupHasher;

  constructor(deps: { db: Db; cipher: FieldCipher; hasher: LookupHasher }) {
    this.#db = deps.db;
    this.#cipher = deps.cipher;
    this.#hasher = deps.hasher;
  }

  /** Masked earlier answers for this form's reusable fields, by field key. */
  offers(idNumber: string, form: FormDefinition): Map<string, string> {
    const stored = this.#open(idNumber);
    const out = new Map<string, string>();
    for (const field of form.fields) {
      const value = stored.get(field.key);
      if (value !== undefined && isReusableField(field)) out.set(field.key, maskForReuse(field.type, value));
    }
    return out;
  }

  /** The stored answers the villager chose to use again; a key not offered on this form is a field problem. */
  take(idNumber: string, form: FormDefinition, keys: readonly string[], typed: Record<string, InputValue>): TakeResult {
    if (keys.length === 0) return { ok: true, values: {} };
    const stored = this.#open(idNumber);
    const values: Record<string, string> = {};
    const fields: Record<string, string> = {};
    for (const key of keys) {
      const field = form.fields.find((f) => f.key === key);
      const value = stored.get(key);
      if (!field || !isReusableField(field) || typed[key] !== undefined) fields[key] = NOT_OFFERED;
      else if (value === undefined) fields[key] = GONE;
      else values[key] = value;
    }
    return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, values };
  }

  /** Keeps this application's reusable answers for the person; call inside the saving transaction. */
  remember(idNumber: string, form: FormDefinition, values: Record<string, FieldValue>, txId: string, at: string): void {
    const idHash = this.#hasher.hash(idNumber);
    const upsert = this.#db.prepare(
      `INSERT INTO reuse_values (id_hash, field_key, sealed_value, tx_id, saved_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id_hash, field_key) DO UPDATE SET sealed_value = excluded.sealed_value,
         tx_id = excluded.tx_id, saved_at = excluded.saved_at`,
    );
    for (const field of form.fields) {
      const value = values[field.key];
      if (typeof value !== 'string' || value === '' || !isReusableField(field)) continue;
      upsert.run(idHash, field.key, this.#cipher.sealJson(value, reuseContext(idHash, field.key)), txId, at);
    }
  }

  /** 删除我在本机留下的信息: every stored answer of this person; returns how many went. */
  forget(idNumber: string): number {
    return this.#db.prepare('DELETE FROM reuse_values WHERE id_hash = ?').run(this.#hasher.hash(idNumber)).changes;
  }

  #open(idNumber: string): Map<string, string> {
    const idHash = this.#hasher.hash(idNumber);
    const rows = this.#db.prepare('SELECT field_key, sealed_value FROM reuse_values WHERE id_hash = ?').all(idHash) as {
      field_key: string;
      sealed_value: Uint8Array;
    }[];
    const out = new Map<string, string>();
    for (const row of rows) {
      const value = this.#cipher.openJson<unknown>(row.sealed_value, reuseContext(idHash, row.field_key));
      if (typeof value === 'string') out.set(row.field_key, value);
    }
    return out;
  }
}

/**
 * Retention (#8): a stored answer lives as long as the personal data of the application it last
 * came from — gone once that application was applied longer ago than the period, or its record
 * was already erased.
 */
export function purgeExpiredReuse(db: Db, before: string): number {
  return db
    .prepare(
      `DELETE FROM reuse_values WHERE
         tx_id IN (SELECT tx_id FROM sync_outbox WHERE state = 'acked' AND acked_server_time < ?)
         OR tx_id NOT IN (SELECT tx_id FROM transactions WHERE length(sealed_record) > 0)`,
    )
    .run(before).changes;
}
