import type { WireMessage } from '../../contract/kiosk-api';
import type { ChannelPort } from '../../host/transports/channel-port';
import { KeystoreError, type KeyRequester } from '../keystore/safe-storage-key-provider';
import { parentMessageSchema, type ChildMessage, type StartRefusal } from './protocol';

/**
 * Electron's `process.parentPort` inside a utilityProcess, reduced to what we use. Declared
 * here instead of importing Electron's types so the host side never depends on Electron.
 */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

export interface ParentLink {
  /** The KioskApi channel, for serveChannel. */
  channel: ChannelPort;
  requestKey: KeyRequester;
  /** Tells main the host is serving; main then starts forwarding calls. */
  ready(): void;
  /** Tells main why the host will not start (before exiting), so the screen can say it. */
  refused(code: StartRefusal): void;
  onShutdown(listener: () => void): void;
}

/** Utility-process end of the parent port: splits it into the API channel and the key requests. */
export function createParentLink(port: ParentPortLike, keyTimeoutMs = 15_000): ParentLink {
  const send = (message: ChildMessage) => port.postMessage(message);
  const apiListeners = new Set<(message: unknown) => void>();
  const shutdownListeners = new Set<() => void>();
  const pendingKeys = new Map<
    number,
    {
      resolve: (v: { data: string; backend: string }) => void;
      reject: (e: Error) => void;
      timer: ReturnType<typeof setTimeout>;
    }
  >();
  let nextKeyId = 1;

  port.on('message', (event) => {
    const parsed = parentMessageSchema.safeParse(event?.data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.ch === 'api') {
      for (const listener of [...apiListeners]) listener(message.m);
    } else if (message.ch === 'key-reply') {
      const pending = pendingKeys.get(message.id);
      if (!pending) return;
      pendingKeys.delete(message.id);
      clearTimeout(pending.timer);
      const result = message.result;
      if (result.ok) pending.resolve({ data: result.data, backend: result.backend });
      else pending.reject(new KeystoreError(result.code, `keystore request failed: ${result.code}`));
    } else {
      for (const listener of [...shutdownListeners]) listener();
    }
  });

  return {
    channel: {
      postMessage(message: WireMessage) {
        send({ ch: 'api', m: message });
      },
      onMessage(listener) {
        apiListeners.add(listener);
        return () => apiListeners.delete(listener);
      },
    },
    requestKey(op, data) {
      const id = nextKeyId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingKeys.delete(id);
          reject(new KeystoreError('keystore_timeout', 'Electron main did not answer the keystore request'));
        }, keyTimeoutMs);
        pendingKeys.set(id, { resolve, reject, timer });
        send({ ch: 'key', id, op, data });
      });
    },
    ready() {
      send({ ch: 'ready' });
    },
    refused(code) {
      send({ ch: 'refused', code });
    },
    onShutdown(listener) {
      shutdownListeners.add(listener);
    },
  };
}
