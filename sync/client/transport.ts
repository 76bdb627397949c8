import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { unackedBytes } from './tcp-unacked';

/**
 * One keep-alive connection to the platform (maxSockets 1) with the three guards Node lacks by
 * default: a connect timeout, a progress watchdog (no byte moved either way for N ms → destroy
 * the socket) and an overall deadline scaled to the request size.
 */
export interface TransportOptions {
  readonly baseUrl: string;
  readonly caCertPath?: string;
  readonly connectTimeoutMs: number;
  readonly progressTimeoutMs: number;
  /** Deadline = deadlineBaseMs + bytes / deadlineMinBytesPerS * 1000. */
  readonly deadlineBaseMs: number;
  readonly deadlineMinBytesPerS: number;
}

export interface TransportRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';
  /** Path plus query, e.g. `/v1/devices/d/changes?cursor=x`. */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The body exactly as received (still content-encoded). */
  readonly body: Buffer;
  readonly rttMs: number;
}

export type TransportErrorCode = 'connect_timeout' | 'stalled' | 'deadline' | 'network' | 'aborted' | 'tls';

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export class InsecurePlatformUrlError extends Error {
  readonly code = 'insecure_platform_url';
  constructor(url: string) {
    super(`plain http is allowed only for loopback platform addresses, not ${url}; use https://`);
    this.name = 'InsecurePlatformUrlError';
  }
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1';
  return false;
}

/** Validates a platform URL per protocol §1 and returns its origin URL. */
export function checkPlatformUrl(raw: string): URL {
  const url = new URL(raw);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  if (url.protocol === 'http:') throw new InsecurePlatformUrlError(raw);
  throw new Error(`unsupported platform URL scheme ${url.protocol}`);
}

export class Transport {
  readonly url: URL;
  readonly #agent: http.Agent;
  readonly #mod: typeof http | typeof https;
  readonly #opts: TransportOptions;
  #connectTimeoutMs: number;
  readonly #monoNow: () => number;
  readonly #inflight = new Set<http.ClientRequest>();

  constructor(opts: TransportOptions, monoNow: () => number) {
    this.url = checkPlatformUrl(opts.baseUrl);
    this.#opts = opts;
    this.#connectTimeoutMs = opts.connectTimeoutMs;
    this.#monoNow = monoNow;
    if (this.url.protocol === 'https:') {
      // A pinned CA replaces the system roots: only the platform's own CA is trusted.
      const ca = opts.caCertPath ? readFileSync(opts.caCertPath) : undefined;
      this.#agent = new https.Agent({ keepAlive: true, maxSockets: 1, ...(ca ? { ca } : {}), minVersion: 'TLSv1.2' });
      this.#mod = https;
    } else {
      this.#agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      this.#mod = http;
    }
  }

  /**
   * Shorter while the link is known to be down: a SYN sent into a dead link is retransmitted at
   * 1, 3, 7, 15 s (Linux), so an attempt left hanging notices a returning link only at its next
   * retransmit; giving up early and connecting afresh notices it sooner.
   */
  setConnectTimeoutMs(ms: number | null): void {
    this.#connectTimeoutMs = ms ?? this.#opts.connectTimeoutMs;
  }

  /** Host and port as sent, which is what @authority covers. */
  get authority(): string {
    return this.url.host.toLowerCase();
  }

  /** Path prefix of the base URL (a county gateway may mount the platform under a path). */
  pathFor(path: string): string {
    const prefix = this.url.pathname.replace(/\/$/, '');
    return `${prefix}${path}`;
  }

  request(req: TransportRequest, opts: { deadlineMs?: number } = {}): Promise<TransportResponse> {
    const o = this.#opts;
    const bytes = req.body?.length ?? 0;
    const deadlineMs = opts.deadlineMs ?? o.deadlineBaseMs + Math.ceil((bytes / o.deadlineMinBytesPerS) * 1000);
    const started = this.#monoNow();
    return new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      let socket: Socket | undefined;
      let lastBytes = -1;
      let lastProgressAt = this.#monoNow();
      let responseStarted = false;
      // bytesWritten counts bytes handed to the kernel, not bytes the peer acknowledged: a body
      // that fits the socket send buffer is "written" at once and then drains at link speed. Until
      // the answer starts, allow the time that drain may take at the slowest expected rate.
      const drainAllowanceMs = Math.ceil((bytes / o.deadlineMinBytesPerS) * 1000);
      const timers: NodeJS.Timeout[] = [];
      const fail = (e: TransportError): void => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(e);
        clientReq.destroy(e);
      };
      const cleanup = (): void => {
        for (const t of timers) clearTimeout(t);
        clearInterval(watchdog);
        this.#inflight.delete(clientReq);
      };
      const headers: Record<string, string> = { ...req.headers, host: this.authority };
      if (req.body) headers['content-length'] = String(req.body.length);
      const clientReq = this.#mod.request({
        protocol: this.url.protocol,
        hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
        port: this.url.port || undefined,
        method: req.method,
        path: req.target,
        headers,
        agent: this.#agent,
      });
      this.#inflight.add(clientReq);
      clientReq.on('socket', (s: Socket) => {
        socket = s;
        if (s.connecting) {
          const connectMs = this.#connectTimeoutMs;
          const t = setTimeout(
            () => fail(new TransportError('connect_timeout', `no connection within ${connectMs} ms`)),
            connectMs,
          );
          timers.push(t);
          s.once(this.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(t));
        }
      });
      // Progress = any byte moved on the socket in either direction.
      const tick = Math.max(50, Math.min(1000, Math.floor(o.progressTimeoutMs / 4)));
      const watchdog = setInterval(() => {
        const now = this.#monoNow();
        // Where the kernel tells how much of what was written the peer has acknowledged, that is
        // the progress, and no drain allowance is needed: a request caught by a dead link is
        // noticed after progressTimeoutMs whatever its size.
        const unacked = socket && !socket.connecting && !responseStarted ? unackedBytes(socket) : null;
        const moved = socket ? socket.bytesRead + socket.bytesWritten - (unacked ?? 0) : 0;
        const allowance = responseStarted || unacked !== null ? 0 : drainAllowanceMs;
        if (moved !== lastBytes) {
          lastBytes = moved;
          lastProgressAt = now;
        } else if (now - lastProgressAt >= o.progressTimeoutMs + allowance && !(socket?.connecting ?? true)) {
          fail(new TransportError('stalled', `no progress for ${o.progressTimeoutMs} ms`));
        }
        if (now - started >= deadlineMs) fail(new TransportError('deadline', `not done within ${deadlineMs} ms`));
      }, tick);
      timers.push(
        setTimeout(() => fail(new TransportError('deadline', `not done within ${deadlineMs} ms`)), deadlineMs + tick),
      );
      clientReq.on('error', (e: NodeJS.ErrnoException) => {
        // OpenSSL verification codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, …) and Node's ERR_TLS_*/ERR_SSL_*.
        const tls =
          typeof e.code === 'string' &&
          /^(ERR_TLS|ERR_SSL|UNABLE_TO_|CERT_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_)|CERT/.test(e.code);
        fail(new TransportError(tls ? 'tls' : 'network', e.message, e.code));
      });
      clientReq.on('response', (res) => {
        responseStarted = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('aborted', () => fail(new TransportError('aborted', 'response aborted')));
        res.on('error', (e: NodeJS.ErrnoException) => fail(new TransportError('network', e.message, e.code)));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) {
            fail(new TransportError('aborted', 'response incomplete'));
            return;
          }
          settled = true;
          cleanup();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            rttMs: this.#monoNow() - started,
          });
        });
      });
      clientReq.end(req.body ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.length) : undefined);
    });
  }

  /** Drops the kept-alive connection (after a stall, so the next try starts a fresh one). */
  resetConnection(): void {
    this.#agent.destroy();
  }

  close(): void {
    for (const r of this.#inflight) r.destroy(new TransportError('aborted', 'transport closed'));
    this.#agent.destroy();
  }
}
