// A small client of the platform's admin API that can also go through a unix socket (for a
// platform inside a network namespace) and trust a test CA.
import http from 'node:http';
import https from 'node:https';

export interface AdminEndpoint {
  /** Base URL of the platform (scheme decides http/https). */
  url: string;
  token: string;
  /** Connect through this unix socket instead of the URL's host and port. */
  socketPath?: string;
  /** PEM of the CA that signed the platform's certificate. */
  ca?: Buffer;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`admin API answered ${status}: ${body.slice(0, 300)}`);
  }
}

export function adminCall<T>(
  ep: AdminEndpoint,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<T> {
  const url = new URL(path, ep.url);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<T>((resolve, reject) => {
    const req = mod.request(
      {
        method,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        socketPath: ep.socketPath,
        ca: ep.ca,
        agent: false,
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${ep.token}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) reject(new AdminError(res.statusCode ?? 0, text));
          else resolve((text ? JSON.parse(text) : undefined) as T);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`admin ${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
