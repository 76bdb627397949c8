import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const NONCE = 12;
const TAG = 16;

/**
 * AES-256-GCM for personal data at rest. The context (table and column, or record kind) is
 * authenticated as AAD, so a sealed value moved to another column does not open.
 * Layout: version (1) | nonce (12) | ciphertext | tag (16).
 */
export class FieldCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('FieldCipher needs a 32-byte key');
    this.#key = key;
  }

  seal(plain: Uint8Array, context: string): Uint8Array {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]);
  }

  open(sealed: Uint8Array, context: string): Uint8Array {
    const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (buf.length < 1 + NONCE + TAG || buf[0] !== VERSION) throw new Error('sealed value is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, buf.subarray(1, 1 + NONCE));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(buf.subarray(buf.length - TAG));
    return Buffer.concat([decipher.update(buf.subarray(1 + NONCE, buf.length - TAG)), decipher.final()]);
  }

  sealJson(value: unknown, context: string): Uint8Array {
    return this.seal(Buffer.from(JSON.stringify(value), 'utf8'), context);
  }

  openJson<T>(sealed: Uint8Array, context: string): T {
    return JSON.parse(Buffer.from(this.open(sealed, context)).toString('utf8')) as T;
  }
}

/** Keyed hash for lookups by ID number: never the plain number in the database. */
export class LookupHasher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  hash(value: string): Buffer {
    return createHmac('sha256', this.#key).update(value.trim().toUpperCase(), 'utf8').digest();
  }
}

/** Both keys come from one master secret, so the key store keeps a single wrapped value. */
export function deriveKeys(master: Buffer): { dataKey: Buffer; lookupKey: Buffer } {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { dataKey: derive('cunzhan data key v1'), lookupKey: derive('cunzhan lookup key v1') };
}
