import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../../../main/electron/keystore/safe-storage-responder';

/** Stands in for Electron's safeStorage: real AES-256-GCM under a per-instance "OS" key. */
export class FakeSafeStorage implements SafeStorageLike {
  available = true;
  /** What Linux reports; `basic_text` when there is no keyring. */
  backend = 'gnome_libsecret';
  readonly #osKey = randomBytes(32);

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#osKey, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decryptString(encrypted: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.#osKey, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }
}
