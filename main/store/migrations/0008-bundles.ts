import type Database from 'better-sqlite3';

/**
 * 一件事一次办: the member applications of one bundle share `bundle_id`, so the progress page of
 * any member can show how every other member is getting on. Masked/public columns only.
 */
export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE transactions ADD COLUMN bundle_id TEXT;
    ALTER TABLE transactions ADD COLUMN bundle_code TEXT;
    ALTER TABLE transactions ADD COLUMN bundle_name TEXT;
    CREATE INDEX transactions_bundle ON transactions (bundle_id) WHERE bundle_id IS NOT NULL;
  `);
}
