import WebSocket from 'ws';
import type { KioskApi } from '../../../main/contract/kiosk-api';
import { createKioskApi, createWireBridge } from '../../../main/contract/wire-client';
import { tokenFromHash, wsUrlFor } from '../../../renderer/api/token';
import { createWsPipe, type WebSocketLike } from '../../../renderer/api/ws-pipe';

/** A second KioskApi client from Node, to check host state the page must not see. */
export async function connectFromNode(pageUrl: string): Promise<{ api: KioskApi; close(): void }> {
  const u = new URL(pageUrl);
  const token = tokenFromHash(u.hash);
  if (!token) throw new Error('page URL has no token');
  // The host requires our Origin, as the kiosk page sends it.
  const pipe = createWsPipe(
    wsUrlFor(u, token),
    (url) => new WebSocket(url, { origin: u.origin }) as unknown as WebSocketLike,
  );
  const api = createKioskApi(createWireBridge(pipe));
  await new Promise<void>((resolve) => pipe.onOpen(resolve));
  return { api, close: () => pipe.close() };
}
