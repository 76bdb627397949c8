import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpeechCache } from '../../../main/speech/speech-cache';

const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'speech-cache-'));
  dirs.push(d);
  return join(d, 'speech');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const bytes = (n: number, fill = 1) => Buffer.alloc(n, fill);

describe('SpeechCache', () => {
  it('keeps what it was given and reads it back after a restart', () => {
    const dir = freshDir();
    const cache = new SpeechCache(dir, 10_000);
    const key = cache.keyOf('espeak-ng:cmn', '请核对信息');
    cache.write(key, bytes(100, 7));
    expect(cache.read(key)).toEqual(bytes(100, 7));
    const again = new SpeechCache(dir, 10_000);
    expect(again.keyOf('espeak-ng:cmn', '请核对信息')).toBe(key);
    expect(again.read(key)).toEqual(bytes(100, 7));
  });

  it('names files by a keyed hash, not by a plain hash of the text', () => {
    const cache = new SpeechCache(freshDir(), 10_000);
    const key = cache.keyOf('espeak-ng:cmn', '张*，您好');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toBe(createHash('sha256').update('espeak-ng:cmn\0张*，您好').digest('hex'));
    expect(cache.keyOf('espeak-ng:other', '张*，您好')).not.toBe(key);
  });

  it('stays under its size bound, dropping the least recently used first', () => {
    const dir = freshDir();
    const cache = new SpeechCache(dir, 300);
    const [a, b, c, d] = ['一', '二', '三', '四'].map((t) => cache.keyOf('v', t));
    cache.write(a!, bytes(100));
    cache.write(b!, bytes(100));
    cache.write(c!, bytes(100));
    expect(cache.read(a!)).not.toBeNull(); // a is now the most recent; b the oldest
    cache.write(d!, bytes(100));
    expect(cache.sizeBytes).toBe(300);
    expect(cache.has(b!)).toBe(false);
    expect(cache.read(b!)).toBeNull();
    expect([a, c, d].every((k) => cache.has(k!))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.wav'))).toHaveLength(3);
  });

  it('applies the bound to what it finds on disk at start', () => {
    const dir = freshDir();
    const big = new SpeechCache(dir, 1000);
    for (const t of ['一', '二', '三']) big.write(big.keyOf('v', t), bytes(200));
    const small = new SpeechCache(dir, 450);
    expect(small.count).toBe(2);
    expect(small.sizeBytes).toBe(400);
  });

  it('keeps its folder private (0700) and its files 0600', () => {
    const dir = freshDir();
    const cache = new SpeechCache(dir, 1000);
    const key = cache.keyOf('v', '一');
    cache.write(key, bytes(10));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, `${key}.wav`)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'name-key')).mode & 0o777).toBe(0o600);
  });

  it('refuses keys that are not 64 hex digits', () => {
    const cache = new SpeechCache(freshDir(), 1000);
    expect(cache.read('../name-key')).toBeNull();
    expect(() => cache.write('../x', bytes(1))).toThrow();
  });
});
