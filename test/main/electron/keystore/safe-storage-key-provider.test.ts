import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KeystoreError,
  SafeStorageKeyProvider,
  type KeyRequester,
} from '../../../../main/electron/keystore/safe-storage-key-provider';
import { answerKeyRequest } from '../../../../main/electron/keystore/safe-storage-responder';
import { FakeSafeStorage } from './fake-safe-storage';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cz-key-'));
});
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
    const key = await first.loadOrCreateMasterKey();
    expect(key).toHaveLength(32);
    expect(first.backend).toBe('gnome_libsecret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
    const again = await new SafeStorageKeyProvider(file, requester(store)).loadOrCreateMasterKey();
    expect(again.equals(key)).toBe(true);
  });

  it('refuses to replace a key it cannot unwrap, and leaves the file untouched', async () => {
    const file = path.join(dir, 'data-key.wrapped.json');
    await new SafeStorageKeyProvider(file, requester(new FakeSafeStorage())).loadOrCreateMasterKey();
    const before = readFileSync(file, 'utf8');
    const other = new SafeStorageKeyProvider(file, requester(new FakeSafeStorage()));
    await expect(other.loadOrCreateMasterKey()).rejects.toMatchObject({ code: 'keystore_failed' });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('fails when the keystore is unavailable rather than storing the key in the clear', async () => {
    const store = new FakeSafeStorage();
    store.available = false;
    const file = path.join(dir, 'data-key.wrapped.json');
    await expect(new SafeStorageKeyProvider(file, requester(store)).loadOrCreateMasterKey()).rejects.toMatchObject({
      code: 'keystore_unavailable',
    });
    expect(() => statSync(file)).toThrow();
  });

  it('refuses the basic_text backend (no keyring) before writing anything, unless allowed', async () => {
    const store = new FakeSafeStorage();
    store.backend = 'basic_text';
    const file = path.join(dir, 'data-key.wrapped.json');
    await expect(new SafeStorageKeyProvider(file, requester(store)).loadOrCreateMasterKey()).rejects.toMatchObject({
      code: 'keystore_plaintext',
    });
    expect(existsSync(file)).toBe(false);
    const allowed = new SafeStorageKeyProvider(file, requester(store), undefined, true);
    const key = await allowed.loadOrCreateMasterKey();
    expect(allowed.backend).toBe('basic_text');
    // A key once wrapped with basic_text is refused again as soon as the setting is turned off.
    await expect(new SafeStorageKeyProvider(file, requester(store)).loadOrCreateMasterKey()).rejects.toMatchObject({
      code: 'keystore_plaintext',
    });
    expect(
      (await new SafeStorageKeyProvider(file, requester(store), undefined, true).loadOrCreateMasterKey()).equals(key),
    ).toBe(true);
  });

  it('reports a damaged key file instead of making a new key', async () => {
    const file = path.join(dir, 'data-key.wrapped.json');
    writeFileSync(file, '{"version":1,');
    await expect(
      new SafeStorageKeyProvider(file, requester(new FakeSafeStorage())).loadOrCreateMasterKey(),
    ).rejects.toMatchObject({ code: 'key_file_corrupt' });
    writeFileSync(file, JSON.stringify({ version: 9, backend: 'x', wrapped: '' }));
    await expect(
      new SafeStorageKeyProvider(file, requester(new FakeSafeStorage())).loadOrCreateMasterKey(),
    ).rejects.toMatchObject({ code: 'key_file_corrupt' });
  });

  it('adopts a plain key file left by a run outside Electron, wraps it, then removes the plain copy', async () => {
    const legacy = path.join(dir, 'keys', 'master.key');
    const wrapped = path.join(dir, 'keys', 'master.key.wrapped.json');
    mkdirSync(path.dirname(legacy), { recursive: true });
    const old = Buffer.alloc(32, 9);
    writeFileSync(legacy, old.toString('base64') + '\n', { mode: 0o600 });
    const store = new FakeSafeStorage();
    const key = await new SafeStorageKeyProvider(wrapped, requester(store), legacy).loadOrCreateMasterKey();
    expect(key.equals(old)).toBe(true);
    expect(existsSync(legacy)).toBe(false);
    const again = await new SafeStorageKeyProvider(wrapped, requester(store), legacy).loadOrCreateMasterKey();
    expect(again.equals(old)).toBe(true);
  });

  it('keeps the plain key file when wrapping it fails', async () => {
    const legacy = path.join(dir, 'master.key');
    writeFileSync(legacy, Buffer.alloc(32, 1).toString('base64'), { mode: 0o600 });
    const store = new FakeSafeStorage();
    store.available = false;
    await expect(
      new SafeStorageKeyProvider(path.join(dir, 'w.json'), requester(store), legacy).loadOrCreateMasterKey(),
    ).rejects.toThrow();
    expect(existsSync(legacy)).toBe(true);
  });

  it('rejects an unwrapped key of the wrong length', async () => {
    const file = path.join(dir, 'data-key.wrapped.json');
    writeFileSync(file, JSON.stringify({ version: 1, backend: 'x', wrapped: 'AAAA' }));
    const provider = new SafeStorageKeyProvider(file, async () => ({
      data: Buffer.alloc(16).toString('base64'),
      backend: 'x',
    }));
    await expect(provider.loadOrCreateMasterKey()).rejects.toMatchObject({ code: 'key_file_corrupt' });
  });
});
