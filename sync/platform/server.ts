// The reference platform: node:http(s) + better-sqlite3. startPlatform() runs it in-process for
// tests; cli.ts runs it as a child process (and may be SIGKILLed: every effect is one SQLite
// transaction, committed before the answer is written).
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Database as Db } from 'better-sqlite3';
import { contentDigest } from '../protocol/content-digest';
import { headerValue, requestPartsFromTarget, signResponse } from '../protocol/message-signatures';
import { responseComponentsFor } from './response-signing';
import { CatalogSeedSchema } from '../protocol/wire';
import type { CatalogSeed } from '../protocol/wire';
import { seedCatalog, handleAdmin } from './admin-api';
import { BlobStore } from './blobs';
import { ChangeLog } from './change-log';
import { openPlatformDb } from './db';
import { authenticate, blobPatchCut, ROUTES } from './device-api';
import type { RequestContext, Route } from './device-api';
import type { FaultDecision } from './faults';
import { FaultInjector, NO_FAULT } from './faults';
import { encodeBody, HttpError, negotiateEncoding, readRawBody } from './http-util';
import { InFlightPatches, readBodyKeepingCut } from './inflight-patches';
import type { Reply } from './reply';
import { codeReply, errorReply } from './reply';
import type { PlatformState } from './state';
import { loadSecrets, newStats } from './state';

/** The one catalogue seed, shared with the terminal (read by path: the platform imports no terminal code). */
export const DEFAULT_SEED_PATH = new URL('../../seed/catalog.json', import.meta.url);

export interface PlatformOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file; default ':memory:' (nothing survives close). */
  dbPath?: string;
  /** Random when absent. */
  adminToken?: string;
  /** Seed a catalogue at start: a parsed seed, a path to a seed JSON file, or true for the built-in seed. */
  seed?: CatalogSeed | string | boolean;
  /** PEM certificate and key: serve HTTPS (needed whenever the terminal is not on loopback). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Cursors issued longer ago than this answer 410; null = never by age. Default 180 days. */
  cursorMaxAgeMs?: number | null;
  /** Use this signing key instead of the one stored in (or created for) the database. */
  platformPrivateKey?: KeyObject;
  /** Allow the admin API from non-loopback peers (still token-guarded). Default false. */
  adminAllowRemote?: boolean;
  /** Structured log sink; personal data is never passed to it. Default: silent. */
  log?: (event: Record<string, unknown>) => void;
}

export interface RunningPlatform {
  url: string;
  port: number;
  host: string;
  adminToken: string;
  /** base64 SPKI DER, as returned to terminals at enrolment. */
  platformPublicKey: string;
  db: Db;
  faults: FaultInjector;
  close(): Promise<void>;
}

export function loadSeed(seed: CatalogSeed | string | true): CatalogSeed {
  if (seed === true) return CatalogSeedSchema.parse(JSON.parse(readFileSync(DEFAULT_SEED_PATH, 'utf8')));
  if (typeof seed === 'string') return CatalogSeedSchema.parse(JSON.parse(readFileSync(seed, 'utf8')));
  return CatalogSeedSchema.parse(seed);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function writeReply(
  state: PlatformState,
  req: IncomingMessage,
  res: ServerResponse,
  reply: Reply,
  scheme: 'http' | 'https',
  drip: FaultDecision['drip'],
): Promise<void> {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let body: Buffer = Buffer.alloc(0);
  if (reply.json !== undefined && req.method !== 'HEAD' && reply.status !== 204) {
    const enc = encodeBody(
      Buffer.from(JSON.stringify(reply.json), 'utf8'),
      negotiateEncoding(headerValue(req.headers, 'accept-encoding')),
    );
    body = enc.bytes;
    headers['Content-Type'] = 'application/json; charset=utf-8';
    if (enc.encoding !== 'identity') headers['Content-Encoding'] = enc.encoding;
    headers.Vary = 'Accept-Encoding';
  }
  headers['Content-Digest'] = contentDigest(body);
  const request = requestPartsFromTarget(
    req.method ?? 'GET',
    headerValue(req.headers, 'host') ?? '',
    req.url ?? '/',
    req.headers,
    scheme,
  );
  const components = responseComponentsFor(request);
  if (components)
    Object.assign(
      headers,
      signResponse(
        { status: reply.status, headers },
        request,
        state.platformPrivateKey,
        { keyid: 'platform' },
        components,
      ),
    );
  if (reply.status !== 204 && reply.status !== 304) headers['Content-Length'] = String(body.length);
  state.stats.responses[String(reply.status)] = (state.stats.responses[String(reply.status)] ?? 0) + 1;
  res.writeHead(reply.status, headers);
  if (!drip || body.length === 0) {
    res.end(body);
    return;
  }
  for (let off = 0; off < body.length; off += drip.bytes) {
    if (res.destroyed) return;
    res.write(body.subarray(off, off + drip.bytes));
    if (off + drip.bytes < body.length) await sleep(drip.intervalMs);
  }
  res.end();
}

export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const db = openPlatformDb(options.dbPath ?? ':memory:');
  const secrets = loadSecrets(db, options.platformPrivateKey);
  const state: PlatformState = {
    db,
    changes: new ChangeLog(db),
    blobs: new BlobStore(db),
    inflightPatches: new InFlightPatches(),
    faults: new FaultInjector(),
    stats: newStats(),
    platformPrivateKey: secrets.privateKey,
    platformPublicKeyB64: secrets.publicKeyB64,
    cursorSecret: secrets.cursorSecret,
    cursorMaxAgeMs: options.cursorMaxAgeMs === undefined ? 180 * 24 * 3600 * 1000 : options.cursorMaxAgeMs,
    adminToken: options.adminToken ?? randomBytes(24).toString('base64url'),
    adminAllowRemote: options.adminAllowRemote ?? false,
    log: options.log ?? (() => {}),
  };
  if (options.seed) seedCatalog(state, loadSeed(options.seed));

  const scheme: 'http' | 'https' = options.tls ? 'https' : 'http';
  const stalled = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://platform.invalid');
    const path = url.pathname;
    if (path.startsWith('/admin/')) {
      const { raw } = await readRawBody(req, 8 * 1024 * 1024);
      let reply: Reply;
      try {
        reply = handleAdmin(state, req, url, raw);
      } catch (e) {
        reply = errorReply(e, state.log);
      }
      await writeReply(state, req, res, reply, scheme, null);
      return;
    }
    const candidates = ROUTES.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method.includes(req.method ?? ''));
    if (!route) {
      await readRawBody(req, 0);
      const reply = candidates.length
        ? codeReply('method_not_allowed', 'method not allowed', 405, {
            Allow: candidates.flatMap((r) => r.method).join(', '),
          })
        : codeReply('not_found', `no route ${path}`);
      await writeReply(state, req, res, reply, scheme, null);
      return;
    }
    state.stats.requests[route.endpoint] = (state.stats.requests[route.endpoint] ?? 0) + 1;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(route.pattern.exec(path)?.groups ?? {})) {
      // A malformed escape is kept as sent; the handler's own checks refuse it with a 4xx.
      try {
        params[k] = decodeURIComponent(v);
      } catch {
        params[k] = v;
      }
    }
    const blobSha = route.endpoint === 'blob' ? params.sha : undefined;
    // Only a request with good signed headers may cut another device's PATCH short.
    const signedHeadersOk = () => {
      try {
        authenticate({ state, req, scheme, url, raw: Buffer.alloc(0), params }, { headersOnly: true });
        return true;
      } catch {
        return false;
      }
    };
    if (blobSha !== undefined && req.method === 'PATCH') {
      if (state.inflightPatches.has(blobSha, req) && signedHeadersOk()) await state.inflightPatches.cut(blobSha, req);
      const inflight = state.inflightPatches.begin(blobSha, req);
      try {
        const body = await readBodyKeepingCut(req, route.maxBody);
        if (body.cut) {
          blobPatchCut({ state, req, scheme, url, raw: body.raw, params });
          return;
        }
        await answer(req, res, route, params, body.raw, body.overflow);
      } finally {
        inflight.settle();
      }
      return;
    }
    const { raw, overflow } = await readRawBody(req, route.maxBody);
    if (blobSha !== undefined && state.inflightPatches.has(blobSha, req) && signedHeadersOk())
      await state.inflightPatches.cut(blobSha, req);
    await answer(req, res, route, params, raw, overflow);
  };

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    params: Record<string, string>,
    raw: Buffer,
    overflow: boolean,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://platform.invalid');
    const decision = state.faults.decide(route.endpoint) ?? NO_FAULT;
    if (decision.stall) {
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    }
    if (decision.dropBefore) {
      req.socket.destroy();
      return;
    }
    if (decision.delayMs) await sleep(decision.delayMs);
    let reply: Reply;
    if (decision.error !== null) {
      reply = codeReply('unavailable', 'platform temporarily unavailable (injected)', decision.error);
    } else if (decision.throttle !== null) {
      reply = codeReply('rate_limited', 'too many requests (injected)', 429, {
        'Retry-After': String(decision.throttle),
      });
    } else {
      try {
        if (overflow) throw new HttpError(route.overflowCode, `body larger than ${route.maxBody} bytes as sent`);
        const ctx: RequestContext = { state, req, scheme, url, raw, params };
        reply = route.handler(ctx);
      } catch (e) {
        reply = errorReply(e, state.log);
      }
      if (decision.dropAfterCommit) {
        // The effect is committed; the answer is lost (the lost-ack case of exactly-once).
        req.socket.destroy();
        return;
      }
    }
    if (reply.status >= 400 && state.log)
      state.log({
        event: 'http_error',
        endpoint: route.endpoint,
        status: reply.status,
        code: (reply.json as { error?: { code?: string } } | undefined)?.error?.code,
      });
    await writeReply(state, req, res, reply, scheme, decision.drip);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      state.log({ event: 'handler_crash', error: (e as Error).stack ?? String(e) });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createHttpServer(onRequest);
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closed = false;
  return {
    url: `${scheme}://${urlHost}:${port}`,
    port,
    host,
    adminToken: state.adminToken,
    platformPublicKey: state.platformPublicKeyB64,
    db,
    faults: state.faults,
    async close() {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      await done;
      db.close();
    },
  };
}
