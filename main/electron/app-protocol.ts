import { promises as fs } from 'node:fs';
import { resolveAppPath, contentTypeFor } from './policy/app-path';
import { buildCsp, cspProfileForPath } from './policy/csp';
import path from 'node:path';

export interface AppProtocolOptions {
  rootDir: string;
  /** The host's rendered prompts (`<data>/speech`), served at app://kiosk/speech/<key>.wav. */
  speechDir?: string;
  readFile?: (file: string) => Promise<Buffer>;
}

/**
 * Handler for protocol.handle('app', …): serves files of the renderer folder with our CSP on
 * every response. Uses only the Fetch API types, so it runs under plain Node in tests.
 */
export function createAppRequestHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const readFile = options.readFile ?? ((file: string) => fs.readFile(file));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'method not allowed', { Allow: 'GET, HEAD' });
    }
    const speech = speechFile(options.speechDir, request.url);
    if (speech !== null) return serveSpeech(speech, request.method === 'HEAD', readFile);
    const resolved = resolveAppPath(options.rootDir, request.url);
    if (!resolved.ok) return plain(resolved.status, resolved.status === 404 ? 'not found' : 'bad request');
    let body: Buffer;
    try {
      body = await readFile(resolved.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return plain(code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' ? 404 : 500, 'not found');
    }
    const headers = {
      'Content-Type': contentTypeFor(resolved.file),
      'Content-Security-Policy': buildCsp(cspProfileForPath(resolved.pathname)),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      'Content-Length': String(body.length),
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': "default-src 'none'", ...extra },
  });
}

const SPEECH_URL = /^\/speech\/([0-9a-f]{64})\.wav$/;

/**
 * For app://kiosk/speech/…: the cache file of a well-formed key, or '' (answered 404, never looked
 * up among the renderer's files). null for every other URL.
 */
function speechFile(speechDir: string | undefined, url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  if (!pathname.startsWith('/speech/')) return null;
  const key = SPEECH_URL.exec(pathname)?.[1];
  return key && speechDir ? path.join(speechDir, `${key}.wav`) : '';
}

async function serveSpeech(
  file: string,
  headOnly: boolean,
  readFile: (f: string) => Promise<Buffer>,
): Promise<Response> {
  if (file === '') return plain(404, 'not found');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return plain(404, 'not found');
  }
  const headers = {
    'Content-Type': 'audio/wav',
    'Content-Security-Policy': "default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Length': String(body.length),
  };
  return new Response(headOnly ? null : new Uint8Array(body), { status: 200, headers });
}
