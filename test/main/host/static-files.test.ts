import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStatic } from '../../../main/host/transports/static-files';

const base = mkdtempSync(join(tmpdir(), 'cunzhan-static-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), '');
writeFileSync(join(base, 'secret.key'), 'x');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveStatic', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveStatic(root, '/')).toMatchObject({
      path: join(root, 'index.html'),
      type: expect.stringContaining('text/html'),
    });
    expect(resolveStatic(root, '/assets/app.js?v=1')?.type).toContain('javascript');
  });

  it('never leaves the folder', () => {
    for (const p of [
      '/../secret.key',
      '/assets/../../secret.key',
      '/%2e%2e/secret.key',
      '/..%2fsecret.key',
      '/assets/..%5c..%5csecret.key',
      '/%00',
      '/%E0%A4%A',
      '/assets',
    ]) {
      expect(resolveStatic(root, p)).toBeNull();
    }
  });
});
