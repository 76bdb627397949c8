/**
 * Content-Security-Policy for everything served from app://kiosk. Sent as a response header
 * by our protocol handler on every response, because worker scripts take their CSP from their
 * own response, not from the page.
 *
 * Two profiles:
 * - `app`: the kiosk page. No eval of any kind except WebAssembly compilation
 *   ('wasm-unsafe-eval'); workers from our files or from blob: URLs (vosk-browser starts its
 *   worker from a blob:); camera streams; images from data:/blob: (ID photo, QR previews).
 * - `voice`: pages under /voice/ only, meant for an iframe that hosts offline speech
 *   recognition. vosk-browser 0.0.8's embind glue calls `new Function`, which 'wasm-unsafe-eval'
 *   does not cover (observed: EvalError), so this profile adds 'unsafe-eval' — confined to a
 *   frame that receives only grammar words and audio, and that cannot call the host (the IPC
 *   gateway accepts the main frame only).
 */
export type CspProfile = 'app' | 'voice';

const VOICE_PREFIX = '/voice/';

export function cspProfileForPath(pathname: string): CspProfile {
  return pathname.startsWith(VOICE_PREFIX) ? 'voice' : 'app';
}

export function buildCsp(profile: CspProfile): string {
  const scriptSrc = profile === 'voice' ? "'self' 'wasm-unsafe-eval' 'unsafe-eval'" : "'self' 'wasm-unsafe-eval'";
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', scriptSrc],
    ['worker-src', "'self' blob:"],
    ['connect-src', "'self' blob: data:"],
    ['img-src', "'self' data: blob:"],
    ['media-src', "'self' blob: mediastream:"],
    ['style-src', "'self'"],
    ['font-src', "'self'"],
    ['frame-src', profile === 'app' ? "'self'" : "'none'"],
    ['frame-ancestors', profile === 'app' ? "'none'" : "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
