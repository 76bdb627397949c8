import type Database from 'better-sqlite3';

/**
 * 数据最多采一次: answers a villager gave (phone, bank account, address details), kept per person
 * so the next form can offer them. The person is the keyed hash of the ID number (never the
 * number); the value is sealed with the person and the field as AAD. `tx_id` is the application
 * the value last came from: it expires with that application's personal data (retention).
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE reuse_values (
      id_hash BLOB NOT NULL,
      field_key TEXT NOT NULL,
      sealed_value BLOB NOT NULL,
      tx_id TEXT NOT NULL,
      saved_at TEXT NOT NULL,
      PRIMARY KEY (id_hash, field_key)
    ) STRICT;
    CREATE INDEX reuse_values_tx ON reuse_values (tx_id);
  `);
}
