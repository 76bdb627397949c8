import type { ServerResponse } from 'node:http';

const SPEECH_URL = /^\/speech\/([0-9a-f]{64})\.wav$/;

/**
 * For a request under /speech/: the cache key, or '' when it names no rendered prompt (answered
 * 404, never looked up among the renderer's files). null for every other path.
 */
export function speechKeyOf(url: string): string | null {
  const path = url.split('?')[0] ?? '';
  if (!path.startsWith('/speech/')) return null;
  return SPEECH_URL.exec(path)?.[1] ?? '';
}

/**
 * Sends a rendered prompt. Media elements ask for byte ranges; answering them lets Chromium read
 * the duration and replay without fetching the whole file again.
 */
export function sendAudio(res: ServerResponse, wav: Buffer, headOnly: boolean, range: string | undefined): void {
  const headers = {
    'content-type': 'audio/wav',
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
  if (m && (m[1] !== '' || m[2] !== '')) {
    const start = m[1] === '' ? Math.max(0, wav.length - Number(m[2])) : Number(m[1]);
    const end = m[1] !== '' && m[2] !== '' ? Math.min(Number(m[2]), wav.length - 1) : wav.length - 1;
    if (start >= wav.length || start > end) {
      res.writeHead(416, { 'content-range': `bytes */${wav.length}` }).end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${wav.length}`,
      'content-length': end - start + 1,
    });
    res.end(headOnly ? undefined : wav.subarray(start, end + 1));
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': wav.length });
  res.end(headOnly ? undefined : wav);
}
