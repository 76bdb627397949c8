import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { ok } from '../../rules/result';
import type { Result } from '../../rules/result';
import { contentDigest, verifyContentDigest } from '../protocol/content-digest';
import { requestPartsFromUrl, signRequest, verifyResponse } from '../protocol/message-signatures';
import type { RequestParts } from '../protocol/message-signatures';
import { checkResponseFreshness } from '../protocol/response-freshness';
import { checkEnrolmentResponse } from '../protocol/signed-request';
import { decodeBody } from './compress';
import type { BodyEncoding } from './compress';
import { classifyError, classifyHttp, parseErrorBody, UnverifiableResponseError } from './errors';
import type { SyncFailure } from './errors';
import type { Transport, TransportRequest, TransportResponse } from './transport';
import { batchResponseSchema, changesResponseSchema, enrolResponseSchema } from './wire';
import type { BatchResponse, ChangesResponse, EnrolResponse } from './wire';

export interface DeviceCredentials {
  readonly deviceId: string;
  readonly privateKey: KeyObject;
  readonly platformPublicKey: KeyObject;
}

/** A verified answer: the parsed body and what the exchange itself told us. */
export interface Reply<T> {
  readonly body: T;
  readonly status: number;
  readonly rttMs: number;
  readonly headers: IncomingHttpHeaders;
}

/** A failed exchange; `status` and `headers` are there when something answered at all. */
export type ExchangeFailure = SyncFailure & { readonly status?: number; readonly headers?: IncomingHttpHeaders };

export type Outcome<T> = Result<Reply<T>, string, ExchangeFailure>;

function fail(
  failure: SyncFailure,
  res?: { status: number; headers: IncomingHttpHeaders },
): { readonly ok: false; readonly error: ExchangeFailure } {
  return { ok: false, error: res ? { ...failure, status: res.status, headers: res.headers } : failure };
}

const ACCEPT_ENCODING = 'br, gzip';

/**
 * The platform API over one Transport: signs every request after enrolment (RFC 9421 over
 * @method @authority @path @query content-digest) and accepts a batch or changes answer only when
 * its Content-Digest and the platform's signature (bound to our request, protocol 1.1) verify and
 * its `created` is within 300 s of the platform time we estimate (once there is an estimate).
 */
export class PlatformClient {
  constructor(
    private readonly transport: Transport,
    private readonly creds: DeviceCredentials | null,
    private readonly wallNow: () => number,
    /** The estimated platform time (ms), null before anything was measured this boot. */
    private readonly platformNowMs: () => number | null = () => null,
  ) {}

  get deviceId(): string | null {
    return this.creds?.deviceId ?? null;
  }

  async ping(): Promise<Outcome<null>> {
    return this.#exchange(
      { method: 'GET', path: '/v1/ping' },
      { signed: false, verify: false, parse: null, expect: [204, 200] },
    );
  }

  /**
   * POST /v1/enroll. With `pinnedKeySha256` (from the enrolment code) the answer's platform key
   * must match it and the answer's signature must verify with that key; a signature an unpinned
   * answer carries must verify too. Nothing is returned (so nothing stored) otherwise.
   */
  async enrol(body: unknown, pinnedKeySha256: string | null = null): Promise<Outcome<EnrolResponse>> {
    const raw = Buffer.from(JSON.stringify(body), 'utf8');
    return this.#exchange(
      { method: 'POST', path: '/v1/enroll', body: raw, headers: { 'content-type': 'application/json' } },
      {
        signed: false,
        verify: false,
        parse: enrolResponseSchema,
        expect: [201, 200],
        check: (res, request, value) => {
          const c = checkEnrolmentResponse({
            method: request.method,
            url: new URL(`${request.path}${request.query ?? ''}`, this.transport.url),
            requestHeaders: request.headers,
            status: res.status,
            responseHeaders: res.headers,
            rawBody: res.body,
            offeredKeySpki: value.platform_public_key,
            pinnedKeySha256,
            platformNowMs: this.platformNowMs(),
          });
          if (c.ok) return null;
          return c.reason === 'response_unverifiable'
            ? classifyError(new UnverifiableResponseError(`enrolment answer: ${c.detail}`))
            : { kind: 'permanent', code: c.reason, message: c.detail };
        },
      },
    );
  }

  async sendBatch(body: Buffer, encoding: BodyEncoding): Promise<Outcome<BatchResponse>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    return this.#exchange(
      { method: 'POST', path: `/v1/devices/${encodeURIComponent(this.#id())}/transactions:batch`, body, headers },
      { signed: true, verify: true, parse: batchResponseSchema, expect: [200] },
    );
  }

  async changes(cursor: string | null, limit: number): Promise<Outcome<ChangesResponse>> {
    const q = new URLSearchParams();
    if (cursor !== null) q.set('cursor', cursor);
    q.set('limit', String(limit));
    return this.#exchange(
      { method: 'GET', path: `/v1/devices/${encodeURIComponent(this.#id())}/changes`, query: `?${q.toString()}` },
      { signed: true, verify: true, parse: changesResponseSchema, expect: [200] },
    );
  }

  async blobHead(sha256: string): Promise<Outcome<{ length: number; offset: number } | null>> {
    const r = await this.#exchange(
      { method: 'HEAD', path: `/v1/blobs/${sha256}` },
      { signed: true, verify: false, parse: null, expect: [200, 404] },
    );
    if (!r.ok) return r;
    if (r.value.status === 404) return ok({ ...r.value, body: null });
    const length = Number(r.value.headers['upload-length']);
    const offset = Number(r.value.headers['upload-offset']);
    if (!Number.isFinite(length) || !Number.isFinite(offset)) {
      return fail({ kind: 'transient', code: 'response_unverifiable', message: 'HEAD without Upload-Length/Offset' });
    }
    return ok({ ...r.value, body: { length, offset } });
  }

  async blobCreate(sha256: string, size: number, mime: string): Promise<Outcome<null>> {
    return this.#exchange(
      { method: 'PUT', path: `/v1/blobs/${sha256}`, headers: { 'upload-length': String(size), 'content-type': mime } },
      { signed: true, verify: false, parse: null, expect: [200, 201] },
    );
  }

  /** One chunk at `offset`; 409 (wrong offset) comes back as ok with the server's offset. */
  async blobPatch(
    sha256: string,
    offset: number,
    chunk: Buffer,
  ): Promise<Outcome<{ offset: number; conflict: boolean }>> {
    const r = await this.#exchange(
      {
        method: 'PATCH',
        path: `/v1/blobs/${sha256}`,
        body: chunk,
        headers: { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      },
      { signed: true, verify: false, parse: null, expect: [204, 200, 409] },
    );
    if (!r.ok) return r;
    const next = Number(r.value.headers['upload-offset']);
    if (!Number.isFinite(next))
      return fail({ kind: 'transient', code: 'response_unverifiable', message: 'PATCH without Upload-Offset' });
    return ok({ ...r.value, body: { offset: next, conflict: r.value.status === 409 } });
  }

  #id(): string {
    if (!this.creds) throw new Error('not enrolled');
    return this.creds.deviceId;
  }

  async #exchange<T>(
    req: {
      method: TransportRequest['method'];
      path: string;
      query?: string;
      body?: Buffer;
      headers?: Record<string, string>;
    },
    how: {
      signed: boolean;
      verify: boolean;
      parse: z.ZodType<T> | null;
      expect: number[];
      /** A last check of an expected, parsed answer; a failure makes the whole exchange fail. */
      check?: (res: TransportResponse, request: RequestParts, value: T) => SyncFailure | null;
    },
  ): Promise<Outcome<T>> {
    const path = this.transport.pathFor(req.path);
    const target = `${path}${req.query ?? ''}`;
    const headers: Record<string, string> = {
      'accept-encoding': ACCEPT_ENCODING,
      accept: 'application/json',
      ...(req.headers ?? {}),
    };
    const url = new URL(target, this.transport.url);
    // `parts.headers` is `headers` itself, so it also holds the signature added below: the
    // platform's answer covers our own sig1 signature ("signature";req;key="sig1").
    const parts: RequestParts = requestPartsFromUrl(req.method, url, headers);
    if (how.signed) {
      const creds = this.creds;
      if (!creds) throw new Error('not enrolled');
      headers['content-digest'] = contentDigest(req.body ?? new Uint8Array(0));
      const sig = signRequest(parts, creds.privateKey, {
        keyid: creds.deviceId,
        created: Math.floor(this.wallNow() / 1000),
      });
      headers['signature-input'] = sig['signature-input'];
      headers.signature = sig.signature;
    }
    let res: TransportResponse;
    try {
      res = await this.transport.request({
        method: req.method,
        target,
        headers,
        ...(req.body ? { body: req.body } : {}),
      });
    } catch (e) {
      return fail(classifyError(e));
    }
    const verified = how.verify && how.signed ? this.#verify(res, parts) : null;
    if (!how.expect.includes(res.status)) {
      const text = safeText(res);
      const failure = classifyHttp(res.status, parseErrorBody(res.status, text), {
        retryAfter: header(res.headers, 'retry-after'),
        date: header(res.headers, 'date'),
      });
      // Only a verified platform answer may reject an item or stop the device; anything else
      // (a proxy's 400, a portal's 403) is treated like a lost response.
      if (how.verify && verified !== true && (failure.kind === 'permanent' || failure.kind === 'auth')) {
        return fail(
          { kind: 'transient', code: 'response_unverifiable', message: `unsigned ${res.status} ${failure.code}` },
          res,
        );
      }
      return fail(failure, res);
    }
    if (how.verify && verified !== true) {
      return fail(classifyError(new UnverifiableResponseError(verified ?? 'not verified')), res);
    }
    if (!how.parse) return ok({ body: null as T, status: res.status, rttMs: res.rttMs, headers: res.headers });
    let value: T;
    try {
      const text = decodeBody(res.body, header(res.headers, 'content-encoding')).toString('utf8');
      value = how.parse.parse(JSON.parse(text));
    } catch (e) {
      return fail(classifyError(new UnverifiableResponseError(`bad body: ${(e as Error).message}`)), res);
    }
    const refused = how.check?.(res, parts, value) ?? null;
    if (refused) return fail(refused, res);
    return ok({ body: value, status: res.status, rttMs: res.rttMs, headers: res.headers });
  }

  /** true, or the reason the response cannot be trusted. */
  #verify(res: TransportResponse, request: RequestParts): true | string {
    const creds = this.creds;
    if (!creds) return 'no platform key';
    const digest = verifyContentDigest(header(res.headers, 'content-digest'), res.body);
    if (!digest.ok) return `content-digest ${digest.reason}`;
    const sig = verifyResponse(
      { status: res.status, headers: res.headers as Record<string, string | string[] | undefined> },
      request,
      creds.platformPublicKey,
    );
    if (!sig.ok) return `signature ${sig.reason}`;
    const fresh = checkResponseFreshness(sig.signature.created, this.platformNowMs());
    return fresh.ok ? true : `signature ${fresh.reason}`;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function safeText(res: TransportResponse): string {
  try {
    return decodeBody(res.body, header(res.headers, 'content-encoding')).toString('utf8');
  } catch {
    return '';
  }
}
