import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the master secret for personal-data encryption comes from. */
export interface KeyProvider {
  loadOrCreateMasterKey(): Promise<Buffer>;
}

/**
 * Outside Electron: a 0600 key file beside the database. (In Electron the secret is wrapped by
 * the OS keystore through safeStorage instead; see main/electron.) A key file readable by
 * others is tightened rather than trusted silently.
 */
export class FileKeyProvider implements KeyProvider {
  constructor(readonly path: string) {}

  async loadOrCreateMasterKey(): Promise<Buffer> {
    if (existsSync(this.path)) {
      const mode = statSync(this.path).mode & 0o777;
      if (mode & 0o077) chmodSync(this.path, 0o600);
      const key = Buffer.from(readFileSync(this.path, 'utf8').trim(), 'base64');
      if (key.length !== 32) throw new Error(`key file ${this.path} is damaged (expected 32 bytes)`);
      return key;
    }
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    writeFileSync(this.path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  }
}
