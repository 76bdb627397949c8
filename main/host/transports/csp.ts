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

/**
 * Pages under /voice/ (the speech-recognition frame, renderer/voice/recogniser.html): the same
 * policy plus 'unsafe-eval', because vosk-browser's worker glue calls `new Function` and a blob:
 * worker inherits the CSP of the page that starts it (measured in Chromium: EvalError). Confined
 * to a same-origin frame that only gets grammar phrases and sends back text; the page itself and
 * everything else keep the strict policy. Mirrors the `voice` profile of main/electron/policy/csp.ts.
 */
export function voiceFrameCsp(wsOrigin: string): string {
  return rendererCsp(wsOrigin)
    .replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'")
    .replace("frame-ancestors 'none'", "frame-ancestors 'self'");
}

export function cspForPath(pathname: string, wsOrigin: string): string {
  return pathname.startsWith('/voice/') ? voiceFrameCsp(wsOrigin) : rendererCsp(wsOrigin);
}
