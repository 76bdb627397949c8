import type { WireMessage } from '../../main/contract/kiosk-api';
import type { WirePipe } from '../../main/contract/wire-client';

/** Minimal WebSocket surface, so Node tests can pass the `ws` package's class. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

const OPEN = 1;

/**
 * WebSocket pipe of the browser kiosk mode, reconnecting with a capped backoff: when the service
 * host restarts the page keeps running and the calls in between fail as values.
 */
export function createWsPipe(
  url: string,
  makeSocket: (url: string) => WebSocketLike = (u) => new WebSocket(u) as unknown as WebSocketLike,
): WirePipe & { close(): void } {
  const messageListeners = new Set<(m: unknown) => void>();
  const closeListeners = new Set<() => void>();
  const openListeners = new Set<() => void>();
  let socket: WebSocketLike | null = null;
  let closed = false;
  let attempt = 0;
  const queue: string[] = [];

  const connect = (): void => {
    if (closed) return;
    const s = makeSocket(url);
    socket = s;
    s.onopen = () => {
      attempt = 0;
      for (const l of openListeners) l();
      for (const m of queue.splice(0)) s.send(m);
    };
    s.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(ev.data);
      } catch {
        return;
      }
      for (const l of messageListeners) l(parsed);
    };
    s.onclose = () => {
      for (const l of closeListeners) l();
      if (closed) return;
      attempt += 1;
      setTimeout(connect, Math.min(5000, 200 * 2 ** Math.min(attempt, 5)));
    };
    s.onerror = () => undefined;
  };
  connect();

  return {
    send(message: WireMessage) {
      const data = JSON.stringify(message);
      if (socket && socket.readyState === OPEN) {
        socket.send(data);
        return true;
      }
      // Subscriptions wait for the connection; calls fail fast as values instead of hanging.
      if (message.type === 'invoke') return false;
      queue.push(data);
      return true;
    },
    onMessage(l) {
      messageListeners.add(l);
      return () => messageListeners.delete(l);
    },
    onClose(l) {
      closeListeners.add(l);
      return () => closeListeners.delete(l);
    },
    onOpen(l) {
      openListeners.add(l);
      return () => openListeners.delete(l);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
