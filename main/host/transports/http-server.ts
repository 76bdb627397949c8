import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../dispatcher';
import type { EventBus } from '../event-bus';
import { cspForPath } from './csp';
import { writeLaunchFiles } from './launch-files';
import { serveConnection } from './serve-connection';
import { sendAudio, speechKeyOf } from './speech-route';
import { readStatic, resolveStatic } from './static-files';

export interface HttpTransport {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The URL to open in the kiosk browser (the token travels in the fragment, never to a server log). */
  readonly pageUrl: string;
  /** With `launchDir`: the token alone, and a page that opens pageUrl; both 0600 (never on a command line). */
  readonly tokenFile: string | null;
  readonly launchFile: string | null;
  close(): Promise<void>;
}

const maxMessageBytes = 64 * 1024;

/**
 * The KioskApi over WebSocket on 127.0.0.1 with a per-run token (browser kiosk mode, dev, e2e),
 * plus the renderer's static files. Every request must name our address in `Host` (a page on a
 * rebound DNS name gets nothing); a WebSocket must present the token and our `Origin`, so no
 * other web page and no client that does not claim our origin can drive the terminal.
 */
export async function startHttpTransport(options: {
  dispatch: Dispatch;
  bus: EventBus;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Folder (made 0700) for the 0600 token and launch files the kiosk browser is started with. */
  launchDir?: string;
  /** The checked speech model packed for vosk-browser, served as /voice/model.tar.gz; null: none. */
  voiceModelArchive?: () => Buffer | null;
  /** Rendered prompts, served at /speech/<key>.wav for the page's <audio>. */
  speech?: { read(key: string): Buffer | null };
}): Promise<HttpTransport> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  let hostHeader = '';

  const server: Server = createServer((req, res) => {
    if (req.headers.host !== hostHeader) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const csp = cspForPath(new URL(req.url ?? '/', 'http://localhost').pathname, origin.replace(/^http/, 'ws'));
    if (req.url === '/voice/model.tar.gz') {
      const archive = options.voiceModelArchive?.() ?? null;
      if (!archive) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      else {
        res.writeHead(200, {
          'content-type': 'application/gzip',
          'content-security-policy': csp,
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : archive);
      }
      return;
    }
    const speechKey = speechKeyOf(req.url ?? '/');
    if (speechKey !== null) {
      const wav = speechKey === '' ? null : (options.speech?.read(speechKey) ?? null);
      if (!wav) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      else sendAudio(res, wav, req.method === 'HEAD', req.headers.range);
      return;
    }
    const file = resolveStatic(options.rendererDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : readStatic(file));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (!authorised(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function authorised(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/ws') return false;
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) return false;
    return req.headers.host === hostHeader && req.headers.origin === origin;
  }

  function attach(ws: WebSocket): void {
    const connection = serveConnection(
      (m) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
      },
      options.dispatch,
      options.bus,
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      connection.receive(parsed);
    });
    ws.on('close', () => connection.close());
    ws.on('error', () => ws.terminate());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hostHeader = `${host}:${port}`;
  origin = `http://${hostHeader}`;
  const pageUrl = `${origin}/#token=${token}`;
  const launch = options.launchDir ? writeLaunchFiles(options.launchDir, token, pageUrl) : null;
  return {
    url: origin,
    port,
    token,
    pageUrl,
    tokenFile: launch?.tokenFile ?? null,
    launchFile: launch?.launchFile ?? null,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      launch?.remove();
    },
  };
}
