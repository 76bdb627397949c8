import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKeys, FieldCipher, LookupHasher } from '../../../main/store/field-cipher';
import { FileKeyProvider } from '../../../main/store/key-provider';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cunzhan-key-'));
  dirs.push(d);
  return d;
};

describe('FieldCipher', () => {
  const { dataKey, lookupKey } = deriveKeys(Buffer.alloc(32, 7));
  const cipher = new FieldCipher(dataKey);

  it('round-trips and never contains the plaintext', () => {
    const sealed = cipher.sealJson({ name: '李示范', id: '430121194803150017' }, 'ctx');
    expect(Buffer.from(sealed).includes(Buffer.from('李示范'))).toBe(false);
    expect(cipher.openJson(sealed, 'ctx')).toEqual({ name: '李示范', id: '430121194803150017' });
  });

  it('uses a fresh nonce each time', () => {
    const a = Buffer.from(cipher.seal(Buffer.from('same'), 'c'));
    const b = Buffer.from(cipher.seal(Buffer.from('same'), 'c'));
    expect(a.equals(b)).toBe(false);
  });

  it('refuses another context, a tampered value and a wrong key', () => {
    const sealed = Buffer.from(cipher.seal(Buffer.from('secret'), 'transactions:1'));
    expect(() => cipher.open(sealed, 'transactions:2')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[20] = tampered[20]! ^ 1;
    expect(() => cipher.open(tampered, 'transactions:1')).toThrow();
    expect(() => new FieldCipher(deriveKeys(Buffer.alloc(32, 8)).dataKey).open(sealed, 'transactions:1')).toThrow();
    expect(() => cipher.open(Buffer.alloc(5), 'transactions:1')).toThrow(/malformed/);
  });

  it('derives distinct data and lookup keys; the lookup hash is stable and case-insensitive', () => {
    expect(dataKey.equals(lookupKey)).toBe(false);
    const h = new LookupHasher(lookupKey);
    expect(h.hash('43012119480315001x').equals(h.hash(' 43012119480315001X'))).toBe(true);
    expect(h.hash('430121194803150017').equals(h.hash('430121194803150025'))).toBe(false);
  });
});

describe('FileKeyProvider', () => {
  it('creates a 0600 key file once and returns the same key after', async () => {
    const path = join(tempDir(), 'keys', 'master.key');
    const a = await new FileKeyProvider(path).loadOrCreateMasterKey();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const b = await new FileKeyProvider(path).loadOrCreateMasterKey();
    expect(a.equals(b)).toBe(true);
    expect(readFileSync(path, 'utf8')).not.toContain(a.toString('hex'));
  });

  it('tightens a key file that others can read', async () => {
    const path = join(tempDir(), 'master.key');
    await new FileKeyProvider(path).loadOrCreateMasterKey();
    chmodSync(path, 0o644);
    await new FileKeyProvider(path).loadOrCreateMasterKey();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file rather than making a new key', async () => {
    const path = join(tempDir(), 'master.key');
    writeFileSync(path, 'c2hvcnQ=\n', { mode: 0o600 });
    await expect(new FileKeyProvider(path).loadOrCreateMasterKey()).rejects.toThrow(/damaged/);
  });
});
