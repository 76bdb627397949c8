import { promises as fs } from 'node:fs';
import { resolveAppPath, contentTypeFor } from './policy/app-path';
import { buildCsp, cspProfileForPath } from './policy/csp';
import path from 'node:path';

export interface AppProtocolOptions {
  rootDir: string;
  /** The host's rendered prompts (`<data>/speech`), served at app://kiosk/speech/<key>.wav. */
  speechDir?: string;
  /**
   * The technician's checked speech model packed for vosk-browser, served at
   * app://kiosk/voice/model.tar.gz (main/host/voice-status.ts); null or absent: 404.
   */
  voiceModelArchive?: () => Buffer | null;
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
    if (isVoiceModelUrl(request.url)) return serveVoiceModel(options.voiceModelArchive?.() ?? null, request.method);
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

const VOICE_MODEL_PATH = '/voice/model.tar.gz';

function isVoiceModelUrl(url: string): boolean {
  try {
    return new URL(url).pathname === VOICE_MODEL_PATH;
  } catch {
    return false;
  }
}

/** The model is read by the voice frame's worker, so it carries the voice frame's CSP. */
function serveVoiceModel(archive: Buffer | null, method: string): Response {
  if (!archive) return plain(404, 'not found');
  const headers = {
    'Content-Type': 'application/gzip',
    'Content-Security-Policy': buildCsp(cspProfileForPath(VOICE_MODEL_PATH)),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Length': String(archive.length),
  };
  return new Response(method === 'HEAD' ? null : new Uint8Array(archive), { status: 200, headers });
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
