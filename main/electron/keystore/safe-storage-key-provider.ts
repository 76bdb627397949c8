import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KeyProvider } from '../../store/key-provider';
import type { KeyOp } from '../utility/protocol';

/** Asks Electron main to wrap/unwrap; resolves to base64 data or rejects with a KeystoreError. */
export type KeyRequester = (op: KeyOp, data: string) => Promise<{ data: string; backend: string }>;

export class KeystoreError extends Error {
  constructor(
    readonly code:
      'keystore_unavailable' | 'keystore_failed' | 'keystore_timeout' | 'key_file_corrupt' | 'keystore_plaintext',
    message: string,
  ) {
    super(message);
    this.name = 'KeystoreError';
  }
}

const KEY_BYTES = 32;
const FILE_VERSION = 1;

interface WrappedKeyFile {
  version: number;
  /** safeStorage backend that wrapped the key (linux: gnome_libsecret, kwallet…, or basic_text). */
  backend: string;
  wrapped: string;
}

/**
 * Keeps the 32-byte master key (from which the store derives its data and lookup keys) in a
 * file in the data folder, wrapped by the OS keystore through Electron main's safeStorage.
 * Runs in the utility process, so it never touches Electron.
 *
 * A key file that exists but cannot be unwrapped is an error, never a reason to make a new
 * key: a new key would silently orphan every encrypted record in the database. For the same
 * reason a plain key file left by a run outside Electron (`legacyFile`, the FileKeyProvider's
 * 0600 file) is adopted and wrapped, then removed, instead of being replaced.
 */
export class SafeStorageKeyProvider implements KeyProvider {
  #lastBackend: string | null = null;

  constructor(
    private readonly file: string,
    private readonly request: KeyRequester,
    private readonly legacyFile?: string,
    /** config `security.allowPlainKeystore`: accept Linux's `basic_text` backend (a fixed, public password). */
    private readonly allowPlainKeystore = false,
  ) {}

  /** Backend reported by main at the last wrap/unwrap (for the technician's diagnostics). */
  get backend(): string | null {
    return this.#lastBackend;
  }

  async loadOrCreateMasterKey(): Promise<Buffer> {
    const existing = await this.#readFile();
    if (existing) {
      this.#refusePlain(existing.backend);
      const { data, backend } = await this.request('unwrap', existing.wrapped);
      this.#refusePlain(backend);
      this.#lastBackend = backend;
      const key = Buffer.from(data, 'base64');
      if (key.length !== KEY_BYTES)
        throw new KeystoreError('key_file_corrupt', 'unwrapped data key has the wrong length');
      return key;
    }
    const legacy = await this.#readLegacy();
    const key = legacy ?? randomBytes(KEY_BYTES);
    const { data, backend } = await this.request('wrap', key.toString('base64'));
    this.#lastBackend = backend;
    // Checked before anything is written: a key wrapped with basic_text is as good as plain.
    this.#refusePlain(backend);
    await this.#writeFile({ version: FILE_VERSION, backend, wrapped: data });
    // Only once the wrapped copy is durably on disk does the plain copy go.
    if (legacy && this.legacyFile) await fs.rm(this.legacyFile, { force: true });
    return key;
  }

  #refusePlain(backend: string): void {
    if (backend === 'basic_text' && !this.allowPlainKeystore) {
      throw new KeystoreError(
        'keystore_plaintext',
        'safeStorage uses basic_text (no keyring): refused; set security.allowPlainKeystore to accept it',
      );
    }
  }

  async #readLegacy(): Promise<Buffer | null> {
    if (!this.legacyFile) return null;
    let text: string;
    try {
      text = await fs.readFile(this.legacyFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== KEY_BYTES)
      throw new KeystoreError('key_file_corrupt', `plain key file is damaged: ${this.legacyFile}`);
    return key;
  }

  async #readFile(): Promise<WrappedKeyFile | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new KeystoreError('key_file_corrupt', `wrapped key file is not JSON: ${this.file}`);
    }
    const f = parsed as Partial<WrappedKeyFile>;
    if (f.version !== FILE_VERSION || typeof f.wrapped !== 'string' || typeof f.backend !== 'string') {
      throw new KeystoreError('key_file_corrupt', `wrapped key file has an unknown layout: ${this.file}`);
    }
    return { version: f.version, backend: f.backend, wrapped: f.wrapped };
  }

  /** Write to a temp file, fsync, rename: a power cut leaves either no key file or a whole one. */
  async #writeFile(content: WrappedKeyFile): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(content));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, this.file);
    const dir = await fs.open(path.dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
