import type { KioskApi, KioskBridge, WireMessage } from './kiosk-api';
import type { MethodArgs, MethodName, MethodResult } from './methods';
import type { ApiResult } from './result';
import type { TopicName, TopicPayload } from './events';

/**
 * Client side of the wire protocol over any message pipe (a WebSocket in the browser kiosk
 * mode, a utility-process port in Electron main, an in-memory pair in tests).
 * Calls made while the pipe is down resolve to a `service_unavailable` value, never hang.
 */
export interface WirePipe {
  send(message: WireMessage): boolean;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Called when the pipe closed; pending calls are failed and subscriptions replayed on reopen. */
  onClose(listener: () => void): () => void;
  onOpen(listener: () => void): () => void;
}

const unavailable = {
  ok: false,
  error: { code: 'service_unavailable', message: '系统正在恢复，请稍等片刻' },
} as const;

export function createWireBridge(pipe: WirePipe, timeoutMs = 30_000): KioskBridge {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  pipe.onMessage((raw) => {
    if (typeof raw !== 'object' || raw === null) return;
    const m = raw as Partial<WireMessage>;
    if (m.type === 'result' && typeof m.id === 'number') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m.result);
    } else if (m.type === 'event' && typeof m.topic === 'string') {
      for (const l of [...(listeners.get(m.topic) ?? [])]) l(m.payload);
    }
  });
  pipe.onClose(() => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve(unavailable);
      pending.delete(id);
    }
  });
  pipe.onOpen(() => {
    for (const topic of listeners.keys()) pipe.send({ type: 'subscribe', topic });
  });

  return {
    invoke(method, args) {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(unavailable);
        }, timeoutMs);
        pending.set(id, { resolve, timer });
        if (!pipe.send({ type: 'invoke', id, method, args })) {
          pending.delete(id);
          clearTimeout(timer);
          resolve(unavailable);
        }
      });
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (!set) {
        set = new Set();
        listeners.set(topic, set);
        pipe.send({ type: 'subscribe', topic });
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(topic);
          pipe.send({ type: 'unsubscribe', topic });
        }
      };
    },
  };
}

/** Typed KioskApi over an untyped bridge (preload's window.kiosk or a wire bridge). */
export function createKioskApi(bridge: KioskBridge): KioskApi {
  return {
    invoke<M extends MethodName>(method: M, args: MethodArgs<M>) {
      return bridge.invoke(method, args) as Promise<ApiResult<MethodResult<M>>>;
    },
    subscribe<T extends TopicName>(topic: T, listener: (payload: TopicPayload<T>) => void) {
      return bridge.subscribe(topic, listener as (p: unknown) => void);
    },
  };
}
