import { createHmac, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Rendered prompts on disk, bounded by total size and evicted least recently used first. A file
 * is named by an HMAC of voice and text under a secret kept beside them, so a file name does not
 * tell which masked name it speaks (a list of names could otherwise be hashed and compared). The
 * folder sits in the data folder (0700, files 0600); wiping the terminal empties it.
 */
export class SpeechCache {
  private readonly secret: Buffer;
  /** key → size, oldest use first (Map keeps insertion order). */
  private readonly entries = new Map<string, number>();
  private total = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const secretFile = join(dir, 'name-key');
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32), { mode: 0o600 });
    this.secret = readFileSync(secretFile);
    const found = readdirSync(dir)
      .filter((f) => f.endsWith('.wav') && KEY_PATTERN.test(f.slice(0, -4)))
      .map((f) => ({ key: f.slice(0, -4), st: statSync(join(dir, f)) }))
      .sort((a, b) => a.st.mtimeMs - b.st.mtimeMs);
    for (const { key, st } of found) this.remember(key, st.size);
    this.evict();
  }

  keyOf(voice: string, text: string): string {
    return createHmac('sha256', this.secret).update(voice).update('\0').update(text).digest('hex');
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The WAV for a key, or null. A read counts as a use (kept in memory and in the file's mtime). */
  read(key: string): Buffer | null {
    if (!KEY_PATTERN.test(key) || !this.entries.has(key)) return null;
    let wav: Buffer;
    try {
      wav = readFileSync(this.fileOf(key));
    } catch {
      this.forget(key);
      return null;
    }
    this.touch(key);
    return wav;
  }

  write(key: string, wav: Buffer): void {
    if (!KEY_PATTERN.test(key)) throw new Error('speech cache key must be 64 hex digits');
    const file = this.fileOf(key);
    const partial = `${file}.part`;
    writeFileSync(partial, wav, { mode: 0o600 });
    renameSync(partial, file);
    this.forget(key);
    this.remember(key, wav.length);
    this.evict();
  }

  get sizeBytes(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }

  private touch(key: string): void {
    const size = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, size);
    const now = new Date();
    try {
      utimesSync(this.fileOf(key), now, now);
    } catch {
      // gone meanwhile (a wipe): the next read finds out
    }
  }

  private remember(key: string, size: number): void {
    this.entries.set(key, size);
    this.total += size;
  }

  private forget(key: string): void {
    const size = this.entries.get(key);
    if (size === undefined) return;
    this.entries.delete(key);
    this.total -= size;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.total <= this.maxBytes) break;
      this.forget(key);
      rmSync(this.fileOf(key), { force: true });
    }
  }

  private fileOf(key: string): string {
    return join(this.dir, `${key}.wav`);
  }
}
