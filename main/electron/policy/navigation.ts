import { isAppUrl } from './origin';

/**
 * will-navigate / will-frame-navigate / will-redirect: only our own origin (a reload or the
 * idle reset back to the home page). Everything else, including file:, http(s):, data:,
 * javascript: and other app:// hosts, is refused.
 */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** window.open, target=_blank and friends never open anything on a kiosk. */
export function windowOpenAction(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Downloads are never wanted: a kiosk has no user-visible file system. */
export function downloadAllowed(): boolean {
  return false;
}

/** <webview> is disabled in webPreferences; this is the second lock if something re-enables it. */
export function webviewAttachAllowed(): boolean {
  return false;
}
