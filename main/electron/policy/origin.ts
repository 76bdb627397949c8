/**
 * Our renderer lives at app://kiosk/. The scheme is registered as standard and secure, so the
 * page gets a real origin (IndexedDB for the voice model cache, relative URLs, fetch).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` is on our own origin. Parsed with the URL parser, never compared with
 * startsWith: `app://kiosk.evil/`, `app://kiosk@evil/` and `app://kiosk:1/` must all fail.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** For permission checks that hand us an origin string (`app://kiosk`) rather than a URL. */
export function isAppOrigin(origin: string | null | undefined): boolean {
  if (typeof origin !== 'string') return false;
  return origin === APP_ORIGIN || origin === `${APP_ORIGIN}/`;
}
