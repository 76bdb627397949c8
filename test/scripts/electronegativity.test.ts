import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanElectronLayer } from '../../scripts/electronegativity';

// The real scanner on a small built-looking tree: proves the npm test check can fail (the real
// bundle is scanned by scripts/test.sh after npm run build:electron).
const dist = mkdtempSync(path.join(os.tmpdir(), 'cz-eneg-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  writeFileSync(path.join(dist, file), text);
}

describe('scanElectronLayer', () => {
  it('fails an insecure window and a bundle it cannot parse', async () => {
    write(
      'main/electron/main.js',
      `import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n`,
    );
    write('main/electron/preload.cjs', `class A { #x = 1; get x() { return this.#x; } }\nmodule.exports = new A();\n`);
    write('renderer/index.html', `<!doctype html><html><head><title>t</title></head><body></body></html>\n`);
    const verdict = await scanElectronLayer(dist, []);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^HIGH LIMIT_NAVIGATION_GLOBAL_CHECK/),
        expect.stringMatching(/^HIGH CONTEXT_ISOLATION_JS_CHECK at main\/electron\/main\.js:2/),
        expect.stringMatching(/^MEDIUM SANDBOX_JS_CHECK/),
        expect.stringMatching(/^MEDIUM CSP_GLOBAL_CHECK at N\/A/),
        expect.stringMatching(/^could not parse main\/electron\/preload\.js/),
      ]),
    );
  }, 120_000);
});
