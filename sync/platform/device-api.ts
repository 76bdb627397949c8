// Handlers of the terminal-facing API (protocol §2–§6).
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { verifyContentDigest } from '../protocol/content-digest';
import { publicKeyFromSpkiBase64 } from '../protocol/keys';
import {
  headerValue,
  parseSignatureHeaders,
  REQUEST_COMPONENTS,
  requestPartsFromTarget,
  verifyParsedSignature,
} from '../protocol/message-signatures';
import type { ParsedSignature } from '../protocol/message-signatures';
import {
  BatchRequestSchema,
  BLOB_HEADERS,
  EnrolRequestSchema,
  LIMITS,
  RotateKeyRequestSchema,
  UploadNumberSchema,
} from '../protocol/wire';
import { appliedThroughSeq, processBatch } from './batch';
import { decodeCursor, encodeCursor } from './cursor';
import type { FaultEndpoint } from './faults';
import { decodeBody, HttpError, parseJson } from './http-util';
import type { Reply } from './reply';
import type { PlatformState } from './state';
import { cursorEpoch } from './state';

export interface DeviceRow {
  device_id: string;
  public_key: string;
  region_code: string;
  station_name: string;
  revoked_at: string | null;
}

export interface RequestContext {
  state: PlatformState;
  req: IncomingMessage;
  scheme: 'http' | 'https';
  url: URL;
  raw: Buffer;
  params: Record<string, string>;
}

export interface Route {
  method: string[];
  pattern: RegExp;
  endpoint: FaultEndpoint;
  /** Largest body accepted as sent. */
  maxBody: number;
  overflowCode: 'batch_too_large' | 'body_too_large' | 'chunk_too_large';
  handler: (ctx: RequestContext) => Reply;
}

const NONCE_TTL_MS = 5 * 60 * 1000;
/** `created` further than this from the platform clock is counted and logged, never refused. */
const SKEW_LOG_S = 300;

function nowIso(): string {
  return new Date().toISOString();
}

/** Checks the RFC 9421 signature and Content-Digest of a terminal request; returns its device. */
export function authenticate(
  ctx: RequestContext,
  opts: { requireNonce?: boolean; headersOnly?: boolean } = {},
): { device: DeviceRow; signature: ParsedSignature } {
  const { req, state } = ctx;
  const parsed = parseSignatureHeaders(req.headers);
  if (!parsed.ok) throw new HttpError('signature_invalid', `signature: ${parsed.reason}`);
  const keyid = parsed.signature.keyid;
  if (!keyid) throw new HttpError('signature_invalid', 'signature has no keyid');
  const device = state.db
    .prepare('SELECT device_id, public_key, region_code, station_name, revoked_at FROM devices WHERE device_id = ?')
    .get(keyid) as DeviceRow | undefined;
  if (!device) throw new HttpError('device_unknown', 'device is not enrolled');
  if (device.revoked_at) throw new HttpError('device_revoked', 'device was revoked');
  const parts = requestPartsFromTarget(
    req.method ?? 'GET',
    headerValue(req.headers, 'host') ?? '',
    req.url ?? '/',
    req.headers,
    ctx.scheme,
  );
  const v = verifyParsedSignature(
    parsed.signature,
    { request: parts },
    publicKeyFromSpkiBase64(device.public_key),
    REQUEST_COMPONENTS,
  );
  if (!v.ok) throw new HttpError('signature_invalid', `signature: ${v.reason}`);
  // headersOnly: the body is missing or cut off, so only the signed headers can be checked.
  const digest = opts.headersOnly
    ? { ok: true as const }
    : verifyContentDigest(headerValue(req.headers, 'content-digest'), ctx.raw);
  if (!digest.ok) throw new HttpError('signature_invalid', `Content-Digest ${digest.reason}`);
  if (ctx.params.device && ctx.params.device !== device.device_id)
    throw new HttpError('device_mismatch', 'path names another device');
  if (opts.requireNonce) {
    const nonce = parsed.signature.nonce;
    const used = nonce
      ? state.db
          .prepare(
            'UPDATE nonces SET used_at = ? WHERE nonce = ? AND device_id = ? AND used_at IS NULL AND expires_at > ?',
          )
          .run(nowIso(), nonce, device.device_id, Date.now()).changes
      : 0;
    if (used !== 1)
      throw new HttpError('nonce_invalid', 'this operation needs a fresh nonce from GET …/nonce in the signature');
  }
  const created = parsed.signature.created;
  const skew = created === undefined ? null : Math.round(created - Date.now() / 1000);
  if (skew !== null && Math.abs(skew) > SKEW_LOG_S) {
    state.stats.skewed_requests++;
    state.log({ event: 'clock_skew', device_id: device.device_id, skew_s: skew });
  }
  state.db
    .prepare('UPDATE devices SET last_seen_at = ?, last_created_skew_s = ? WHERE device_id = ?')
    .run(nowIso(), skew, device.device_id);
  return { device, signature: parsed.signature };
}

function ping(): Reply {
  return { status: 204 };
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function newEnrolmentCode(): string {
  const b = randomBytes(8);
  const chars = [...b].map((x) => CODE_ALPHABET[x % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function normalizeEnrolmentCode(code: string): string {
  return code.trim().toUpperCase();
}

function enrol(ctx: RequestContext): Reply {
  const { state } = ctx;
  const body = EnrolRequestSchema.safeParse(
    parseJson(decodeBody(ctx.raw, headerValue(ctx.req.headers, 'content-encoding'))),
  );
  if (!body.success)
    throw new HttpError('bad_request', `enrol body: ${body.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const e = body.data;
  try {
    publicKeyFromSpkiBase64(e.public_key);
  } catch {
    throw new HttpError('bad_request', 'public_key is not base64 SPKI DER of an Ed25519 key');
  }
  const code = normalizeEnrolmentCode(e.enrollment_code);
  const deviceId = state.db.transaction(() => {
    const row = state.db
      .prepare('SELECT used_at, device_id, public_key FROM enrollment_codes WHERE code = ?')
      .get(code) as { used_at: string | null; device_id: string | null; public_key: string | null } | undefined;
    if (!row) throw new HttpError('enrollment_code_unknown', 'enrolment code unknown');
    if (row.used_at) {
      // The same terminal retrying after a lost answer gets its device back; anyone else is refused.
      if (row.public_key === e.public_key && row.device_id) return row.device_id;
      throw new HttpError('enrollment_code_used', 'enrolment code already used');
    }
    const id = randomUUID();
    const now = nowIso();
    state.db
      .prepare(
        'INSERT INTO devices (device_id, public_key, region_code, station_name, hardware, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, e.public_key, e.station.region_code, e.station.name, JSON.stringify(e.hardware), now);
    state.db
      .prepare('UPDATE enrollment_codes SET used_at = ?, device_id = ?, public_key = ? WHERE code = ?')
      .run(now, id, e.public_key, code);
    return id;
  })();
  state.log({ event: 'enrolled', device_id: deviceId, region_code: e.station.region_code });
  return {
    status: 201,
    json: { device_id: deviceId, platform_public_key: state.platformPublicKeyB64, server_time: nowIso() },
  };
}

function batch(ctx: RequestContext): Reply {
  const { device } = authenticate(ctx);
  const encoding = headerValue(ctx.req.headers, 'content-encoding') ?? 'identity';
  const json = parseJson(decodeBody(ctx.raw, encoding));
  const env = BatchRequestSchema.safeParse(json);
  if (!env.success)
    throw new HttpError(
      'bad_request',
      `batch body: ${env.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  if (env.data.items.length > LIMITS.batchMaxItems)
    throw new HttpError('batch_too_large', `at most ${LIMITS.batchMaxItems} items per batch`);
  const r = processBatch(
    {
      db: ctx.state.db,
      changes: ctx.state.changes,
      deviceId: device.device_id,
      batchId: env.data.batch_id,
      bytes: ctx.raw.length,
      encoding,
      now: new Date(),
    },
    env.data.items as Array<Record<string, unknown> & { seq: number; tx_id: string }>,
  );
  const s = ctx.state.stats;
  s.batches++;
  for (const k of ['applied', 'duplicate', 'rejected', 'deferred'] as const) s.items[k] += r.stats[k];
  return {
    status: 200,
    json: { results: r.results, applied_through_seq: r.applied_through_seq, server_time: r.server_time },
  };
}

function changes(ctx: RequestContext): Reply {
  const { device } = authenticate(ctx);
  const { state, url } = ctx;
  const limitParam = url.searchParams.get('limit');
  let limit: number = LIMITS.changesDefaultLimit;
  if (limitParam !== null) {
    if (!/^\d{1,6}$/.test(limitParam) || Number(limitParam) < 1)
      throw new HttpError('bad_request', 'limit must be a positive integer');
    limit = Math.min(Number(limitParam), LIMITS.changesMaxLimit);
  }
  const epoch = cursorEpoch(state.db);
  const cursor = url.searchParams.get('cursor');
  let pos = 0;
  if (cursor) {
    const c = decodeCursor(state.cursorSecret, cursor);
    const expired =
      !c ||
      c.deviceId !== device.device_id ||
      c.epoch !== epoch ||
      state.changes.missedTombstones(c.pos, c.compaction) ||
      (state.cursorMaxAgeMs !== null && Date.now() - c.issuedAtMs > state.cursorMaxAgeMs);
    if (expired || !c)
      throw new HttpError(
        'cursor_expired',
        'cursor can no longer be honoured; download every dataset again from the start',
      );
    pos = c.pos;
  }
  const page = state.changes.page(device.device_id, pos, limit);
  return {
    status: 200,
    json: {
      changes: page.changes,
      next_cursor: encodeCursor(state.cursorSecret, {
        pos: page.lastPos,
        epoch,
        deviceId: device.device_id,
        issuedAtMs: Date.now(),
        compaction: state.changes.compaction(),
      }),
      has_more: page.hasMore,
      server_time: nowIso(),
    },
  };
}

function nonce(ctx: RequestContext): Reply {
  const { device } = authenticate(ctx);
  const n = randomBytes(18).toString('base64url');
  const expires = Date.now() + NONCE_TTL_MS;
  ctx.state.db
    .prepare('INSERT INTO nonces (nonce, device_id, expires_at) VALUES (?, ?, ?)')
    .run(n, device.device_id, expires);
  return { status: 200, json: { nonce: n, expires_at: new Date(expires).toISOString(), server_time: nowIso() } };
}

function rotateKey(ctx: RequestContext): Reply {
  const { device } = authenticate(ctx, { requireNonce: true });
  const body = RotateKeyRequestSchema.safeParse(
    parseJson(decodeBody(ctx.raw, headerValue(ctx.req.headers, 'content-encoding'))),
  );
  if (!body.success) throw new HttpError('bad_request', 'body must be {"public_key": base64 SPKI}');
  try {
    publicKeyFromSpkiBase64(body.data.public_key);
  } catch {
    throw new HttpError('bad_request', 'public_key is not base64 SPKI DER of an Ed25519 key');
  }
  ctx.state.db
    .prepare('UPDATE devices SET public_key = ? WHERE device_id = ?')
    .run(body.data.public_key, device.device_id);
  ctx.state.log({ event: 'key_rotated', device_id: device.device_id });
  return { status: 200, json: { device_id: device.device_id, server_time: nowIso() } };
}

function blobSha(ctx: RequestContext): string {
  const sha = ctx.params.sha ?? '';
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new HttpError('bad_request', 'blob id must be lower-case hex SHA-256');
  return sha;
}

function uploadNumber(ctx: RequestContext, name: string): number {
  const v = UploadNumberSchema.safeParse(headerValue(ctx.req.headers, name) ?? '');
  if (!v.success) throw new HttpError('bad_request', `${name} header must be a non-negative integer`);
  return v.data;
}

function blobHead(ctx: RequestContext): Reply {
  authenticate(ctx);
  const b = ctx.state.blobs.get(blobSha(ctx));
  if (!b) return { status: 404, headers: { 'Cache-Control': 'no-store' } };
  return {
    status: 200,
    headers: { 'Upload-Length': String(b.length), 'Upload-Offset': String(b.offset), 'Cache-Control': 'no-store' },
  };
}

function blobPut(ctx: RequestContext): Reply {
  authenticate(ctx);
  const sha = blobSha(ctx);
  const length = uploadNumber(ctx, BLOB_HEADERS.length);
  const mime = (headerValue(ctx.req.headers, 'content-type') ?? 'application/octet-stream').slice(0, 100);
  const status = ctx.state.blobs.create(sha, length, mime, new Date());
  const b = ctx.state.blobs.get(sha)!;
  return { status, headers: { 'Upload-Length': String(b.length), 'Upload-Offset': String(b.offset) } };
}

function blobPatch(ctx: RequestContext): Reply {
  authenticate(ctx);
  const sha = blobSha(ctx);
  const type = (headerValue(ctx.req.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== BLOB_HEADERS.chunkContentType)
    throw new HttpError('unsupported_media_type', `chunks must be ${BLOB_HEADERS.chunkContentType}`);
  const offset = uploadNumber(ctx, BLOB_HEADERS.offset);
  const chunk = decodeBody(ctx.raw, headerValue(ctx.req.headers, 'content-encoding'));
  const newOffset = ctx.state.blobs.append(sha, offset, chunk, new Date());
  return { status: 204, headers: { 'Upload-Offset': String(newOffset) } };
}

/**
 * The part of a PATCH body that arrived before the body was cut off (protocol §4, tus-style):
 * appended in order when the signed headers are good and the offset is the blob's. The bytes
 * cannot be checked against Content-Digest (it covers the whole chunk), which is safe because
 * blobs are content-addressed: the SHA-256 check after the last byte decides, and a mismatch
 * discards the partial (422 blob_corrupt to whoever sends the last byte). Returns the new offset,
 * or null when nothing was kept (the reason is logged; nobody is left to answer).
 */
export function blobPatchCut(ctx: RequestContext): number | null {
  try {
    if (ctx.raw.length === 0) return null;
    authenticate(ctx, { headersOnly: true });
    const sha = blobSha(ctx);
    const type = (headerValue(ctx.req.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== BLOB_HEADERS.chunkContentType) throw new HttpError('unsupported_media_type', 'not a chunk');
    // A compressed body cut short cannot be decoded to a known prefix of the chunk.
    const enc = (headerValue(ctx.req.headers, 'content-encoding') ?? 'identity').trim().toLowerCase();
    if (enc !== 'identity' && enc !== '')
      throw new HttpError('unsupported_encoding', 'a cut-off compressed chunk is not kept');
    const offset = uploadNumber(ctx, BLOB_HEADERS.offset);
    const declared = Number(headerValue(ctx.req.headers, 'content-length') ?? NaN);
    if (!(declared <= LIMITS.blobChunkMaxBytes)) throw new HttpError('chunk_too_large', 'declared chunk too large');
    const newOffset = ctx.state.blobs.append(sha, offset, ctx.raw, new Date());
    ctx.state.log({ event: 'blob_patch_cut', kept: ctx.raw.length, offset: newOffset });
    return newOffset;
  } catch (e) {
    ctx.state.log({
      event: 'blob_patch_cut_refused',
      code: e instanceof HttpError ? e.code : 'error',
      message: (e as Error).message,
    });
    return null;
  }
}

const DEV = '(?<device>[^/]+)';
export const ROUTES: Route[] = [
  {
    method: ['GET', 'HEAD'],
    pattern: /^\/v1\/ping$/,
    endpoint: 'ping',
    maxBody: 1024,
    overflowCode: 'body_too_large',
    handler: ping,
  },
  {
    method: ['POST'],
    pattern: /^\/v1\/enroll$/,
    endpoint: 'enrol',
    maxBody: 64 * 1024,
    overflowCode: 'body_too_large',
    handler: enrol,
  },
  {
    method: ['POST'],
    pattern: new RegExp(`^/v1/devices/${DEV}/transactions:batch$`),
    endpoint: 'batch',
    maxBody: LIMITS.batchMaxBytes,
    overflowCode: 'batch_too_large',
    handler: batch,
  },
  {
    method: ['GET'],
    pattern: new RegExp(`^/v1/devices/${DEV}/changes$`),
    endpoint: 'changes',
    maxBody: 1024,
    overflowCode: 'body_too_large',
    handler: changes,
  },
  {
    method: ['GET'],
    pattern: new RegExp(`^/v1/devices/${DEV}/nonce$`),
    endpoint: 'nonce',
    maxBody: 1024,
    overflowCode: 'body_too_large',
    handler: nonce,
  },
  {
    method: ['POST'],
    pattern: new RegExp(`^/v1/devices/${DEV}/key:rotate$`),
    endpoint: 'rotate',
    maxBody: 4096,
    overflowCode: 'body_too_large',
    handler: rotateKey,
  },
  {
    method: ['HEAD'],
    pattern: /^\/v1\/blobs\/(?<sha>[^/]+)$/,
    endpoint: 'blob',
    maxBody: 1024,
    overflowCode: 'body_too_large',
    handler: blobHead,
  },
  {
    method: ['PUT'],
    pattern: /^\/v1\/blobs\/(?<sha>[^/]+)$/,
    endpoint: 'blob',
    maxBody: 1024,
    overflowCode: 'body_too_large',
    handler: blobPut,
  },
  {
    method: ['PATCH'],
    pattern: /^\/v1\/blobs\/(?<sha>[^/]+)$/,
    endpoint: 'blob',
    maxBody: LIMITS.blobChunkMaxBytes + 1024,
    overflowCode: 'chunk_too_large',
    handler: blobPatch,
  },
];

export { appliedThroughSeq };
