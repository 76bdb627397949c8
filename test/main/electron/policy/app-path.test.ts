import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveAppPath } from '../../../../main/electron/policy/app-path';

const root = path.resolve('/opt/cunzhan/dist/renderer');

describe('resolveAppPath', () => {
  it('maps our URLs into the renderer folder', () => {
    expect(resolveAppPath(root, 'app://kiosk/index.html')).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      pathname: '/index.html',
    });
    expect(resolveAppPath(root, 'app://kiosk/')).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      pathname: '/index.html',
    });
    expect(resolveAppPath(root, 'app://kiosk/assets/app-1a2b.js?v=1#x')).toMatchObject({
      ok: true,
      file: path.join(root, 'assets', 'app-1a2b.js'),
    });
    expect(resolveAppPath(root, 'app://kiosk/voice/')).toMatchObject({
      ok: true,
      file: path.join(root, 'voice', 'index.html'),
      pathname: '/voice/index.html',
    });
    expect(resolveAppPath(root, 'app://kiosk/models/%E8%AF%AD%E9%9F%B3.tar.gz')).toMatchObject({
      ok: true,
      file: path.join(root, 'models', '语音.tar.gz'),
    });
  });

  it.each([
    'app://kiosk/..%2f..%2fetc/passwd',
    'app://kiosk/..%2F..%2Fetc/passwd',
    'app://kiosk/assets%2f..%2f..%2fx',
    'app://kiosk/..%5c..%5cwindows',
    'app://kiosk/a%00.html',
    'app://kiosk/%E0%A4%A',
    'app://kiosk/a//b.js',
  ])('refuses traversal and smuggling: %s', (url) => {
    const r = resolveAppPath(root, url);
    expect(r.ok).toBe(false);
  });

  it.each([
    ['app://kiosk/assets/../../../../etc/passwd', '/etc/passwd'],
    ['app://kiosk/%2e%2e/%2e%2e/etc/passwd', '/etc/passwd'],
    ['app://kiosk/assets/%2E%2E/%2E%2E/secret', '/secret'],
    ['app://kiosk/./index.html', '/index.html'],
    ['app://kiosk/%2e/index.html', '/index.html'],
  ])('lets the URL parser fold dot segments (%s), which can only land inside the root', (url, pathname) => {
    // WHATWG URL parsing (Node and Chromium alike) resolves ./, ../ and their %2e spellings
    // against the root before we see the path; nothing climbs above app://kiosk/.
    const r = resolveAppPath(root, url);
    expect(r).toEqual({ ok: true, file: path.join(root, ...pathname.split('/').slice(1)), pathname });
  });

  it('decodes exactly once, so a double-encoded dot-dot is just an odd file name', () => {
    expect(resolveAppPath(root, 'app://kiosk/%252e%252e/x')).toMatchObject({
      ok: true,
      file: path.join(root, '%2e%2e', 'x'),
    });
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppPath(root, 'app://other/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'app://kiosk:99/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, '::')).toEqual({ ok: false, status: 400 });
  });

  it('never resolves outside the root, whatever the path (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2e',
        '%2f',
        '%5c',
        '%00',
        '..%2f',
        '%252e%252e',
        'a',
        'index.html',
        '',
        '\\..',
        '%c0%ae%c0%ae',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const r = resolveAppPath(root, `app://kiosk/${segments.join('/')}`);
        if (r.ok) {
          const rel = path.relative(root, r.file);
          expect(rel.startsWith('..')).toBe(false);
          expect(path.isAbsolute(rel)).toBe(false);
          expect(r.file.startsWith(root + path.sep)).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('contentTypeFor', () => {
  it('serves wasm as application/wasm and unknown files as octet-stream', () => {
    expect(contentTypeFor('/x/vosk.wasm')).toBe('application/wasm');
    expect(contentTypeFor('/x/INDEX.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/app.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/model.tar.gz')).toBe('application/gzip');
    expect(contentTypeFor('/x/README')).toBe('application/octet-stream');
  });
});
