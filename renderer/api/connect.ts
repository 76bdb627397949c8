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

/** Electron's preload bridge when present, else the WebSocket of the browser kiosk mode. */
export function connectKioskApi(): KioskApi | null {
  if (window.kiosk) return createKioskApi(window.kiosk);
  // Kept for this tab only, so a reload (e.g. after a renderer crash) can reconnect.
  const token = tokenFromHash(window.location.hash) ?? sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return null;
  sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return createKioskApi(createWireBridge(createWsPipe(wsUrlFor(window.location, token))));
}
