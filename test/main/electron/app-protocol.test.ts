import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler } from '../../../main/electron/app-protocol';
import { buildCsp } from '../../../main/electron/policy/csp';

let base: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'cz-app-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'voice'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>村站</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'voice', 'index.html'), '<!doctype html>');
  writeFileSync(path.join(root, 'vosk.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  // A secret next to the renderer folder that must never be served.
  writeFileSync(path.join(base, 'secret.txt'), 'data key');
  mkdirSync(path.join(base, 'speech'));
  writeFileSync(path.join(base, 'speech', `${'ab'.repeat(32)}.wav`), Buffer.from('RIFF....WAVE'));
  writeFileSync(path.join(base, 'speech', 'name-key'), 'secret key');
  handle = createAppRequestHandler({
    rootDir: root,
    speechDir: path.join(base, 'speech'),
    voiceModelArchive: () => Buffer.from([0x1f, 0x8b, 8, 0]),
  });
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  it('serves index.html for / with the app CSP and nosniff', async () => {
    const res = await handle(new Request('app://kiosk/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(buildCsp('app'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('村站');
  });

  it('serves scripts and wasm with the right types', async () => {
    expect((await handle(new Request('app://kiosk/assets/app.js'))).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    );
    const wasm = await handle(new Request('app://kiosk/vosk.wasm'));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it('gives the voice frame its own CSP', async () => {
    const res = await handle(new Request('app://kiosk/voice/'));
    expect(res.headers.get('content-security-policy')).toBe(buildCsp('voice'));
  });

  it.each([
    'app://kiosk/..%2fsecret.txt',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/../secret.txt',
    'app://kiosk/assets/..%2F..%2Fsecret.txt',
    'app://kiosk/assets%5c..%5c..%5csecret.txt',
  ])('never serves files outside the renderer folder: %s', async (url) => {
    const res = await handle(new Request(url));
    expect([400, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('data key');
  });

  it('answers 404 for missing files, directories without index and other hosts', async () => {
    expect((await handle(new Request('app://kiosk/nope.js'))).status).toBe(404);
    expect((await handle(new Request('app://kiosk/assets'))).status).toBe(404);
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await handle(new Request('app://kiosk/index.html', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
    const head = await handle(new Request('app://kiosk/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the host’s rendered prompts from the speech cache, and nothing else under /speech/', async () => {
    const res = await handle(new Request(`app://kiosk/speech/${'ab'.repeat(32)}.wav`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('RIFF....WAVE');
    expect((await handle(new Request(`app://kiosk/speech/${'cd'.repeat(32)}.wav`))).status).toBe(404);
    expect((await handle(new Request('app://kiosk/speech/name-key'))).status).toBe(404);
    expect((await handle(new Request('app://kiosk/speech/..%2fsecret.txt'))).status).toBe(404);
  });

  it('serves the speech model with the voice frame’s CSP, never cached; 404 without one', async () => {
    const res = await handle(new Request('app://kiosk/voice/model.tar.gz'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-security-policy')).toBe(buildCsp('voice'));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0x1f, 0x8b, 8, 0]));
    const head = await handle(new Request('app://kiosk/voice/model.tar.gz', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    const none = createAppRequestHandler({ rootDir: root, voiceModelArchive: () => null });
    expect((await none(new Request('app://kiosk/voice/model.tar.gz'))).status).toBe(404);
    expect(
      (await createAppRequestHandler({ rootDir: root })(new Request('app://kiosk/voice/model.tar.gz'))).status,
    ).toBe(404);
  });
});
