// A man in the middle for protocol tests: forwards to the platform byte for byte, records the
// latest answer to a changes request, and can replay it for a later request or strip signatures.
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Recorded {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ReplayProxy {
  url: string;
  /** pass: forward and record; replay: answer changes requests with the recorded answer; strip: forward without signature headers. */
  mode: 'pass' | 'replay' | 'strip';
  recorded: Recorded | null;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];

function outgoingHeaders(h: IncomingHttpHeaders, body: Buffer, strip: boolean): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || HOP_BY_HOP.includes(k)) continue;
    if (strip && (k === 'signature' || k === 'signature-input')) continue;
    out[k] = v;
  }
  out['content-length'] = String(body.length);
  return out;
}

export async function startReplayProxy(targetUrl: string): Promise<ReplayProxy> {
  const target = new URL(targetUrl);
  const proxy: ReplayProxy = { url: '', mode: 'pass', recorded: null, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isChanges = (req.url ?? '').includes('/changes');
      if (proxy.mode === 'replay' && isChanges && proxy.recorded) {
        const r = proxy.recorded;
        res.writeHead(r.status, outgoingHeaders(r.headers, r.body, false));
        res.end(r.body);
        return;
      }
      // Host stays as the terminal sent it: its signature covers @authority.
      const headers = req.headers;
      const up = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (upRes) => {
          const body: Buffer[] = [];
          upRes.on('data', (c: Buffer) => body.push(c));
          upRes.on('end', () => {
            const raw = Buffer.concat(body);
            if (isChanges && proxy.mode === 'pass')
              proxy.recorded = { status: upRes.statusCode ?? 502, headers: upRes.headers, body: raw };
            res.writeHead(upRes.statusCode ?? 502, outgoingHeaders(upRes.headers, raw, proxy.mode === 'strip'));
            res.end(raw);
          });
        },
      );
      up.on('error', () => res.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return proxy;
}
