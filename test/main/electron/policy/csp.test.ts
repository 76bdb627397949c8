import { describe, expect, it } from 'vitest';
import { buildCsp, cspProfileForPath } from '../../../../main/electron/policy/csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('CSP', () => {
  it('keeps the kiosk page free of eval but lets WebAssembly compile', () => {
    const d = directives(buildCsp('app'));
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(buildCsp('app')).not.toContain("'unsafe-eval'");
    expect(buildCsp('app')).not.toContain("'unsafe-inline'");
  });

  it('allows blob: workers (vosk-browser) and camera streams', () => {
    const d = directives(buildCsp('app'));
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(d.get('media-src')).toContain('mediastream:');
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('shuts plugins, base rewriting, forms and foreign framing', () => {
    const d = directives(buildCsp('app'));
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('frame-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).not.toContain('https:');
  });

  it("confines 'unsafe-eval' to the voice frame, which may only be framed by us", () => {
    const d = directives(buildCsp('voice'));
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"]);
    expect(d.get('frame-ancestors')).toEqual(["'self'"]);
    expect(d.get('frame-src')).toEqual(["'none'"]);
    expect(cspProfileForPath('/voice/index.html')).toBe('voice');
    expect(cspProfileForPath('/voice/vosk.js')).toBe('voice');
    expect(cspProfileForPath('/index.html')).toBe('app');
    expect(cspProfileForPath('/voiceover.js')).toBe('app');
    expect(cspProfileForPath('/assets/voice/x.js')).toBe('app');
  });
});
