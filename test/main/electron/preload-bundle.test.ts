import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildElectron } from '../../../scripts/build-electron';

let out: string;
let code: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'cz-preload-'));
  await buildElectron(out, ['preload']);
  code = readFileSync(path.join(out, 'main/electron/preload.cjs'), 'utf8');
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('compiled preload bundle', () => {
  it('is CommonJS: no import/export statements, and it runs as a CommonJS module body', () => {
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/^\s*export\s/m);
    expect(code).not.toContain('import.meta');
    // Compiling as a plain script body would throw on ESM syntax.
    expect(() => new vm.Script(`(function (require, module, exports) {${code}\n})`)).not.toThrow();
  });

  it('requires only electron, and exposes window.kiosk when run in a sandbox-like context', () => {
    const required: string[] = [];
    const exposeInMainWorld = vi.fn();
    const fakeRequire = (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`sandboxed preload cannot require ${id}`);
      return { contextBridge: { exposeInMainWorld }, ipcRenderer: { on: vi.fn(), send: vi.fn(), invoke: vi.fn() } };
    };
    const run = vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, {}) as (
      r: unknown,
      m: unknown,
      e: unknown,
    ) => void;
    const module = { exports: {} };
    run(fakeRequire, module, module.exports);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(exposeInMainWorld).toHaveBeenCalledOnce();
    expect(exposeInMainWorld.mock.calls[0]![0]).toBe('kiosk');
    // Static check too: no other require() calls hidden on paths not taken.
    const ids = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(ids)]).toEqual(['electron']);
  });
});
