import type { WireMessage } from '../../contract/kiosk-api';

/**
 * A bidirectional message port: Electron's utilityProcess parentPort / MessagePortMain, or an
 * in-memory pair in tests. Messages are structured-cloneable WireMessages.
 */
export interface ChannelPort {
  postMessage(message: WireMessage): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

/** Two connected in-memory ports, delivering asynchronously like a real channel. */
export function createChannelPair(): [ChannelPort, ChannelPort] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const port = (self: 0 | 1): ChannelPort => ({
    postMessage(message) {
      const copy = structuredClone(message);
      setImmediate(() => listeners[self === 0 ? 1 : 0].forEach((l) => l(copy)));
    },
    onMessage(listener) {
      listeners[self].add(listener);
      return () => listeners[self].delete(listener);
    },
  });
  return [port(0), port(1)];
}
