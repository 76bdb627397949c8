import { describe, expect, it } from 'vitest';
import { answerKeyRequest } from '../../../../main/electron/keystore/safe-storage-responder';
import { FakeSafeStorage } from './fake-safe-storage';

describe('answerKeyRequest', () => {
  it('wraps and unwraps through safeStorage and names the Linux backend', () => {
    const store = new FakeSafeStorage();
    const key = Buffer.alloc(32, 7).toString('base64');
    const wrapped = answerKeyRequest('wrap', key, store, 'linux');
    expect(wrapped).toMatchObject({ ok: true, backend: 'gnome_libsecret' });
    if (!wrapped.ok) throw new Error('unreachable');
    expect(wrapped.data).not.toContain(key);
    expect(answerKeyRequest('unwrap', wrapped.data, store, 'linux')).toEqual({
      ok: true,
      data: key,
      backend: 'gnome_libsecret',
    });
  });

  it('reports an unavailable keystore instead of wrapping with nothing', () => {
    const store = new FakeSafeStorage();
    store.available = false;
    expect(answerKeyRequest('wrap', 'QUJD', store, 'linux')).toEqual({ ok: false, code: 'keystore_unavailable' });
  });

  it('reports a failed unwrap (another machine, another keyring) as a value', () => {
    const wrapped = answerKeyRequest('wrap', 'QUJD', new FakeSafeStorage(), 'linux');
    if (!wrapped.ok) throw new Error('unreachable');
    expect(answerKeyRequest('unwrap', wrapped.data, new FakeSafeStorage(), 'linux')).toEqual({
      ok: false,
      code: 'keystore_failed',
    });
  });
});
