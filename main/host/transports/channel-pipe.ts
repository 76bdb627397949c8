import type { WirePipe } from '../../contract/wire-client';
import type { ChannelPort } from './channel-port';

/** Client end of a channel port as a WirePipe (Electron main → utility process, tests). */
export function channelPipe(port: ChannelPort): WirePipe & { close(): void } {
  const closeListeners = new Set<() => void>();
  let open = true;
  return {
    send(message) {
      if (!open) return false;
      port.postMessage(message);
      return true;
    },
    onMessage: (listener) => port.onMessage(listener),
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    onOpen: () => () => undefined,
    close() {
      open = false;
      for (const l of closeListeners) l();
    },
  };
}
