import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeystoreError, SafeStorageKeyProvider, type KeyRequester } from '../../../../main/electron/keystore/safe-storage-key-provider';
import { answerKeyRequest } from '../../../../main/electron/keystore/safe-storage-responder';
import { FakeSafeStorage } from './fake-safe-storage';

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'cz-key-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function requester(store: FakeSafeStorage): KeyRequester {
  return async (op, data) => {
    const reply = answerKeyRequest(op, data, store, 'linux');
    if (!reply.ok) throw new KeystoreError(reply.code, reply.code);
    return { data: reply.data, backend: reply.backend };
  };
}

describe('SafeStorageKeyProvider', () => {
  it('creates a 32-byte key once, stores it wrapped in a 0600 file, and loads the same key again', async () => {
    const store = new FakeSafeStorage();
    const file = path.join(dir, 'userData', 'data-key.wrapped.json');
    const first = new SafeStorageKeyProvider(file, requester(store));
    const key = await first.loadOrCreateDataKey();
    expect(key).toHaveLength(32);
    expect(first.backend).toBe('gnome_libsecret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
    const again = await new SafeStorageKeyProvider(file, requester(store)).loadOrCreateDataKey();
    expect(again.equals(key)).toBe(true);
  });

  it('refuses to replace a key it cannot unwrap, and leaves the file untouched', async () => {
    const file = path.join(dir, 'data-key.wrapped.json');
    await new SafeStorageKeyProvider(file, requester(new FakeSafeStorage())).loadOrCreateDataKey();
    const before = readFileSync(file, 'utf8');
    const other = new SafeStorageKeyProvider(file, requester(new FakeSafeStorage()));
    await expect(other.loadOrCreateDataKey()).rejects.toMatchObject({ code: 'keystore_failed' });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('fails when the keystore is unavailable rather than storing the key in the clear', async () => {
    const store = new FakeSafeStorage();
    store.available = false;
    const file = path.join(dir, 'data-key.wrapped.json');
    await expect(new SafeStorageKeyProvider(file, requester(store)).loadOrCreateDataKey()).rejects.toMatchObject({ code: 'keystore_unavailable' });
    expect(() => statSync(file)).toThrow();
  });

  it('reports a damaged key file instead of making a new key', async () => {
    const file = path.join(dir, 'data-key.wrapped.json');
    writeFileSync(file, '{"version":1,');
    await expect(new SafeStorageKeyProvider(file, requester(new FakeSafeStorage())).loadOrCreateDataKey()).rejects.toMatchObject({ code: 'key_file_corrupt' });
    writeFileSync(file, JSON.stringify({ version: 9, backend: 'x', wrapped: '' }));
    await expect(new SafeStorageKeyProvider(file, requester(new FakeSafeStorage())).loadOrCreateDataKey()).rejects.toMatchObject({ code: 'key_file_corrupt' });
  });

  it('rejects an unwrapped key of the wrong length', async () => {
    const file = path.join(dir, 'data-key.wrapped.json');
    writeFileSync(file, JSON.stringify({ version: 1, backend: 'x', wrapped: 'AAAA' }));
    const provider = new SafeStorageKeyProvider(file, async () => ({ data: Buffer.alloc(16).toString('base64'), backend: 'x' }));
    await expect(provider.loadOrCreateDataKey()).rejects.toMatchObject({ code: 'key_file_corrupt' });
  });
});
