import type { Dispatch } from '../dispatcher';
import type { EventBus } from '../event-bus';
import type { ChannelPort } from './channel-port';
import { serveConnection } from './serve-connection';

/** Serves the KioskApi over a channel port (Electron utilityProcess parentPort, or tests). */
export function serveChannel(port: ChannelPort, dispatch: Dispatch, bus: EventBus): () => void {
  const connection = serveConnection((m) => port.postMessage(m), dispatch, bus);
  const off = port.onMessage((raw) => connection.receive(raw));
  return () => {
    off();
    connection.close();
  };
}
