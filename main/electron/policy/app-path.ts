import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin';

export type AppPathResolution = { ok: true; file: string; pathname: string } | { ok: false; status: 400 | 404 };

/** Encoded separators and NUL would let a segment smuggle a path; Chromium leaves them encoded. */
const forbiddenEncoded = /%(2f|5c|00)/i;

/**
 * Maps an app://kiosk/... URL to a file inside `rootDir`, or refuses. The result can never
 * leave `rootDir`: `..` and `.` segments (plain or percent-encoded), encoded slashes and
 * backslashes, NUL, backslashes and other hosts are refused before touching the disk.
 * `/` and directory URLs map to their index.html.
 */
export function resolveAppPath(rootDir: string, url: string): AppPathResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.hostname !== APP_HOST ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return { ok: false, status: 404 };
  }
  const rawPath = parsed.pathname;
  if (!rawPath.startsWith('/') || forbiddenEncoded.test(rawPath) || rawPath.includes('\\')) {
    return { ok: false, status: 400 };
  }
  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400 };
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return { ok: false, status: 400 };
    segments.push(segment);
  }
  const last = segments.length === 0 ? '' : segments[segments.length - 1];
  if (last === '') segments[segments.length === 0 ? 0 : segments.length - 1] = 'index.html';
  if (segments.some((s) => s === '')) return { ok: false, status: 400 };

  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  // Belt and braces: the checks above already make this impossible.
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { ok: false, status: 400 };
  return { ok: true, file, pathname: `/${segments.join('/')}` };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  // WebAssembly.instantiateStreaming refuses any other type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.zip': 'application/zip',
};

export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
