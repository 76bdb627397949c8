// Content-addressed resumable blobs (protocol §4), tus-like. Chunks live in SQLite next to the
// blob's offset so a chunk and the offset that counts it commit together: after a crash the
// offset never claims bytes that are not stored. Partial blobs are kept (at least 90 days).
import { createHash } from 'node:crypto';
import type { Database as Db } from 'better-sqlite3';
import { LIMITS } from '../protocol/wire';
import { HttpError } from './http-util';

export const MAX_BLOB_BYTES = 50 * 1024 * 1024;

export interface BlobRow {
  sha256: string;
  length: number;
  mime: string;
  offset: number;
  complete: number;
}

export class BlobStore {
  constructor(private readonly db: Db) {}

  get(sha256: string): BlobRow | undefined {
    return this.db.prepare('SELECT sha256, length, mime, offset, complete FROM blobs WHERE sha256 = ?').get(sha256) as
      BlobRow | undefined;
  }

  /** PUT: creates the upload. Returns 201 when created, 200 when it already exists. */
  create(sha256: string, length: number, mime: string, now: Date): 200 | 201 {
    if (length > MAX_BLOB_BYTES) throw new HttpError('body_too_large', `blob larger than ${MAX_BLOB_BYTES} bytes`);
    return this.db.transaction(() => {
      const existing = this.get(sha256);
      if (existing) {
        if (existing.length !== length) {
          throw new HttpError('blob_length_conflict', `blob exists with Upload-Length ${existing.length}`, {
            'Upload-Length': String(existing.length),
            'Upload-Offset': String(existing.offset),
          });
        }
        return 200 as const;
      }
      const iso = now.toISOString();
      // An empty blob is complete at creation if its hash is the empty-string hash.
      const complete = length === 0 && sha256 === createHash('sha256').digest('hex') ? 1 : 0;
      if (length === 0 && !complete)
        throw new HttpError('blob_corrupt', 'an empty blob must have the SHA-256 of the empty string');
      this.db
        .prepare(
          'INSERT INTO blobs (sha256, length, mime, offset, complete, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
        )
        .run(sha256, length, mime, complete, iso, iso);
      return 201 as const;
    })();
  }

  /** PATCH: appends one chunk at `offset`. Returns the new offset. */
  append(sha256: string, offset: number, chunk: Buffer, now: Date): number {
    if (chunk.length > LIMITS.blobChunkMaxBytes)
      throw new HttpError('chunk_too_large', `chunks are at most ${LIMITS.blobChunkMaxBytes} bytes`);
    const tx = this.db.transaction(() => {
      const blob = this.get(sha256);
      if (!blob) throw new HttpError('blob_unknown', 'no such upload; PUT it first');
      if (offset !== blob.offset || blob.complete) {
        throw new HttpError('blob_offset_mismatch', `Upload-Offset is ${blob.offset}`, {
          'Upload-Offset': String(blob.offset),
        });
      }
      if (offset + chunk.length > blob.length) throw new HttpError('bad_request', 'chunk goes past Upload-Length');
      if (chunk.length === 0) return { offset, corrupt: false };
      this.db.prepare('INSERT INTO blob_chunks (sha256, offset, data) VALUES (?, ?, ?)').run(sha256, offset, chunk);
      const newOffset = offset + chunk.length;
      let complete = 0;
      if (newOffset === blob.length) {
        const h = createHash('sha256');
        for (const c of this.db
          .prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY offset')
          .iterate(sha256) as Iterable<{ data: Buffer }>)
          h.update(c.data);
        if (h.digest('hex') !== sha256) {
          // Discard the partial so the next attempt starts clean.
          this.db.prepare('DELETE FROM blob_chunks WHERE sha256 = ?').run(sha256);
          this.db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha256);
          return { offset: 0, corrupt: true };
        }
        complete = 1;
      }
      this.db
        .prepare('UPDATE blobs SET offset = ?, complete = ?, updated_at = ? WHERE sha256 = ?')
        .run(newOffset, complete, now.toISOString(), sha256);
      return { offset: newOffset, corrupt: false };
    });
    const r = tx();
    if (r.corrupt)
      throw new HttpError(
        'blob_corrupt',
        'SHA-256 of the uploaded bytes does not match; the partial upload was discarded',
      );
    return r.offset;
  }

  read(sha256: string): Buffer | undefined {
    const blob = this.get(sha256);
    if (!blob?.complete) return undefined;
    const rows = this.db.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY offset').all(sha256) as {
      data: Buffer;
    }[];
    return Buffer.concat(rows.map((r) => r.data));
  }

  /** Drops partial uploads untouched for `maxAgeMs` (never complete blobs). */
  purgeStalePartials(maxAgeMs: number, now: Date): number {
    const cutoff = new Date(now.getTime() - maxAgeMs).toISOString();
    return this.db.transaction(() => {
      const stale = this.db.prepare('SELECT sha256 FROM blobs WHERE complete = 0 AND updated_at < ?').all(cutoff) as {
        sha256: string;
      }[];
      for (const s of stale) {
        this.db.prepare('DELETE FROM blob_chunks WHERE sha256 = ?').run(s.sha256);
        this.db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(s.sha256);
      }
      return stale.length;
    })();
  }
}
