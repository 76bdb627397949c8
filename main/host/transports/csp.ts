/**
 * The renderer's Content-Security-Policy for the browser kiosk mode (Electron sets its own for
 * app://). 'wasm-unsafe-eval' and blob: workers are what vosk-browser needs; nothing else runs
 * code that did not ship with the terminal.
 */
export function rendererCsp(wsOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ${wsOrigin}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
