// Test-side terminal: enrols, signs requests with the protocol primitives and checks the
// platform's response signatures, over real node:http with keep-alive.
import { request as httpRequest, Agent } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { generateEd25519KeyPair, publicKeyFromSpkiBase64, publicKeyToSpkiBase64 } from '../../../sync/protocol/keys';
import { payloadSha256 } from '../../../sync/protocol/jcs';
import { checkPlatformResponse, signOutgoingRequest } from '../../../sync/protocol/signed-request';
import type { ResponseCheck } from '../../../sync/protocol/signed-request';
import { PATHS } from '../../../sync/protocol/wire';
import type { BatchItemInput, BatchResponse, ChangesPage } from '../../../sync/protocol/wire';
import { withCheckCharacter } from '../../../rules/citizen-id';
import { PlatformAdminClient } from '../../../sync/platform/admin-client';
import { startPlatform } from '../../../sync/platform/server';
import type { PlatformOptions, RunningPlatform } from '../../../sync/platform/server';
import type { KeyObject } from 'node:crypto';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Buffer;
}

export function rawRequest(
  baseUrl: string,
  opts: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer;
    agent?: Agent;
    timeoutMs?: number;
  },
): Promise<RawResponse> {
  const url = new URL(opts.path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: opts.method,
        headers: { ...(opts.headers ?? {}), ...(opts.body ? { 'content-length': String(opts.body.length) } : {}) },
        agent: opts.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const body = enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body });
        });
      },
    );
    req.on('error', reject);
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.end(opts.body);
  });
}

export function json<T = unknown>(r: RawResponse): T {
  return JSON.parse(r.body.toString('utf8')) as T;
}

/** 17 digits + GB 11643 check character (the terminal's rules/, not the platform's own copy under test). */
export const withCheckDigit = withCheckCharacter;

export const SYNTHETIC_ID = withCheckDigit('43012119450101002');

export function ylrzPayload(over: Record<string, unknown> = {}) {
  return {
    mode: 'self',
    fields: {
      applicant_name: '李秀英',
      applicant_id_number: SYNTHETIC_ID,
      household_address: '湖南省长沙县某镇某村 3 组',
      residence_status: 'home',
      photo_taken: true,
      ...over,
    },
  };
}

export function appItem(seq: number, over: Partial<BatchItemInput> = {}): BatchItemInput {
  const payload = (over.payload as Record<string, unknown> | undefined) ?? ylrzPayload();
  return {
    seq,
    tx_id: randomUUID(),
    kind: 'application',
    service_code: 'YL-RZ',
    catalog_version: 1,
    payload,
    payload_sha256: payloadSha256(payload),
    attachments: [],
    depends_on: null,
    device_time: '2026-11-22T10:00:00.000+08:00',
    boot_id: 'boot-1',
    clock: { offset_ms: -1520, age_s: 60 },
    ...over,
  };
}

export type Encoding = 'identity' | 'gzip' | 'br';

export function encode(body: Buffer, enc: Encoding): Buffer {
  return enc === 'gzip' ? gzipSync(body) : enc === 'br' ? brotliCompressSync(body) : body;
}

export interface SendOptions {
  body?: Buffer | object;
  encoding?: Encoding;
  headers?: Record<string, string>;
  acceptEncoding?: string;
  nonce?: string;
  /** Change the request after signing (to test signature failures). */
  tamper?: (
    headers: Record<string, string>,
    body: Buffer | undefined,
  ) => { headers: Record<string, string>; body: Buffer | undefined };
  timeoutMs?: number;
  keyid?: string;
}

export interface SignedResponse extends RawResponse {
  check: ResponseCheck;
}

export class TestDevice {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  constructor(
    readonly baseUrl: string,
    readonly deviceId: string,
    public privateKey: KeyObject,
    readonly platformKey: KeyObject,
  ) {}

  static async enrol(baseUrl: string, admin: PlatformAdminClient, region = '430121104201'): Promise<TestDevice> {
    const [code] = await admin.issueEnrolmentCodes({ count: 1 });
    const keys = generateEd25519KeyPair();
    const r = await rawRequest(baseUrl, {
      method: 'POST',
      path: PATHS.enrol,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        JSON.stringify({
          enrollment_code: code,
          public_key: publicKeyToSpkiBase64(keys.publicKey),
          station: { region_code: region, name: '测试村便民服务站' },
          hardware: { model: 'test' },
        }),
      ),
    });
    if (r.status !== 201) throw new Error(`enrol failed ${r.status} ${r.body.toString()}`);
    const e = json<{ device_id: string; platform_public_key: string }>(r);
    return new TestDevice(baseUrl, e.device_id, keys.privateKey, publicKeyFromSpkiBase64(e.platform_public_key));
  }

  async send(method: string, path: string, opts: SendOptions = {}): Promise<SignedResponse> {
    const plain =
      opts.body === undefined
        ? undefined
        : Buffer.isBuffer(opts.body)
          ? opts.body
          : Buffer.from(JSON.stringify(opts.body));
    const enc = opts.encoding ?? 'identity';
    const wire = plain === undefined ? undefined : encode(plain, enc);
    const extra: Record<string, string> = { ...(opts.headers ?? {}) };
    if (wire && !extra['content-type']) extra['content-type'] = 'application/json';
    if (wire && enc !== 'identity') extra['content-encoding'] = enc;
    if (opts.acceptEncoding) extra['accept-encoding'] = opts.acceptEncoding;
    const url = new URL(path, this.baseUrl);
    let headers = signOutgoingRequest({
      method,
      url,
      body: wire,
      headers: extra,
      privateKey: this.privateKey,
      keyid: opts.keyid ?? this.deviceId,
      nonce: opts.nonce,
    });
    let body = wire;
    if (opts.tamper) ({ headers, body } = opts.tamper(headers, body));
    const r = await rawRequest(this.baseUrl, {
      method,
      path,
      headers,
      body,
      agent: this.agent,
      timeoutMs: opts.timeoutMs,
    });
    const check = checkPlatformResponse({
      method,
      url,
      requestHeaders: headers,
      status: r.status,
      responseHeaders: r.headers,
      rawBody: r.raw,
      platformPublicKey: this.platformKey,
    });
    return { ...r, check };
  }

  async batch(
    items: BatchItemInput[],
    opts: SendOptions & { batchId?: string } = {},
  ): Promise<SignedResponse & { result: BatchResponse }> {
    const r = await this.send('POST', PATHS.batch(this.deviceId), {
      ...opts,
      body: opts.body ?? { batch_id: opts.batchId ?? randomUUID(), items },
    });
    return { ...r, result: r.status === 200 ? json<BatchResponse>(r) : (undefined as unknown as BatchResponse) };
  }

  async changes(
    cursor?: string,
    limit?: number,
    opts: SendOptions = {},
  ): Promise<SignedResponse & { page: ChangesPage }> {
    const q = new URLSearchParams();
    if (cursor) q.set('cursor', cursor);
    if (limit) q.set('limit', String(limit));
    const qs = q.toString();
    const r = await this.send('GET', `${PATHS.changes(this.deviceId)}${qs ? `?${qs}` : ''}`, opts);
    return { ...r, page: r.status === 200 ? json<ChangesPage>(r) : (undefined as unknown as ChangesPage) };
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Harness {
  platform: RunningPlatform;
  admin: PlatformAdminClient;
  dir: string;
  dbPath: string;
  devices: TestDevice[];
  enrol(): Promise<TestDevice>;
  restart(over?: PlatformOptions): Promise<void>;
  close(): Promise<void>;
}

/** A platform on 127.0.0.1:0 with a real SQLite file in a temp dir and the built-in seed. */
export async function startHarness(options: PlatformOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'cunzhan-platform-'));
  const dbPath = join(dir, 'platform.sqlite');
  const h: Harness = {
    platform: await startPlatform({ dbPath, seed: true, ...options }),
    admin: undefined as unknown as PlatformAdminClient,
    dir,
    dbPath,
    devices: [],
    async enrol() {
      const d = await TestDevice.enrol(h.platform.url, h.admin);
      h.devices.push(d);
      return d;
    },
    async restart(over: PlatformOptions = {}) {
      const port = h.platform.port;
      const token = h.platform.adminToken;
      await h.platform.close();
      // Keep-alive sockets to the old process are dead; a real terminal would retry, tests start clean.
      h.devices.forEach((d) => d.agent.destroy());
      h.platform = await startPlatform({ dbPath, port, adminToken: token, ...options, ...over, seed: false });
    },
    async close() {
      h.devices.forEach((d) => d.close());
      await h.platform.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  h.admin = new PlatformAdminClient(h.platform.url, h.platform.adminToken);
  return h;
}
