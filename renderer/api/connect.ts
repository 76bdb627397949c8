import type { KioskApi, KioskBridge } from '../../main/contract/kiosk-api';
import { createKioskApi, createWireBridge } from '../../main/contract/wire-client';
import { tokenFromHash, wsUrlFor } from './token';
import { createWsPipe } from './ws-pipe';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge). */
    kiosk?: KioskBridge;
  }
}

const TOKEN_KEY = 'cunzhan.wsToken';

/**
 * Electron's preload bridge when present, else the WebSocket of the browser kiosk mode.
 * `ready` settles once calls can go through (the socket fails calls fast while connecting).
 */
export function connectKioskApi(): { api: KioskApi; ready: Promise<void> } | null {
  if (window.kiosk) return { api: createKioskApi(window.kiosk), ready: Promise.resolve() };
  // Kept for this tab only, so a reload (e.g. after a renderer crash) can reconnect.
  const token = tokenFromHash(window.location.hash) ?? sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return null;
  sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', window.location.pathname + window.location.search);
  const pipe = createWsPipe(wsUrlFor(window.location, token));
  const ready = new Promise<void>((resolve) => {
    const off = pipe.onOpen(() => {
      off();
      resolve();
    });
  });
  return { api: createKioskApi(createWireBridge(pipe)), ready };
}
