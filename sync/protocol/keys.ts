// Ed25519 keys as the protocol carries them: public keys as base64 SPKI DER (44 bytes), private
// keys as base64 PKCS#8 DER for storage in a 0600 key file.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface Ed25519KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function generateEd25519KeyPair(): Ed25519KeyPair {
  return generateKeyPairSync('ed25519');
}

export function publicKeyToSpkiBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** Throws when the text is not base64 SPKI DER of an Ed25519 key. */
export function publicKeyFromSpkiBase64(b64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key: ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function privateKeyToPkcs8Base64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

export function privateKeyFromPkcs8Base64(b64: string): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key: ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** `platform_key_sha256` (protocol 1.1 §2): lower-case hex SHA-256 of the key's SPKI DER bytes. */
export function publicKeySha256Hex(spkiBase64: string): string {
  return createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex');
}

/** A pinned key hash as the enrolment code carries it: 64 hex characters (either case). */
export const PLATFORM_KEY_SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
