import type { KeyOp, KeyReply } from '../utility/protocol';

/** The part of Electron's safeStorage we use; injected so this stays testable without Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Main-process side of the key conversation. `wrap` takes the data key (base64) and returns
 * it encrypted by the OS keystore; `unwrap` does the reverse. The key is never logged.
 */
export function answerKeyRequest(
  op: KeyOp,
  data: string,
  store: SafeStorageLike,
  platform = process.platform,
): KeyReply {
  if (!store.isEncryptionAvailable()) return { ok: false, code: 'keystore_unavailable' };
  const backend =
    platform === 'linux' && store.getSelectedStorageBackend ? store.getSelectedStorageBackend() : platform;
  try {
    if (op === 'wrap') {
      return { ok: true, data: store.encryptString(data).toString('base64'), backend };
    }
    return { ok: true, data: store.decryptString(Buffer.from(data, 'base64')), backend };
  } catch {
    return { ok: false, code: 'keystore_failed' };
  }
}
