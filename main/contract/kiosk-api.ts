import type { TopicName, TopicPayload } from './events';
import type { MethodArgs, MethodName, MethodResult } from './methods';
import type { ApiResult } from './result';

/**
 * What the renderer sees, on either transport: Electron's preload bridge (window.kiosk) or
 * the WebSocket client of the browser kiosk mode.
 */
export interface KioskApi {
  invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<ApiResult<MethodResult<M>>>;
  subscribe<T extends TopicName>(topic: T, listener: (payload: TopicPayload<T>) => void): () => void;
}

/** The untyped surface the Electron preload exposes through contextBridge. */
export interface KioskBridge {
  invoke(method: string, args: unknown): Promise<unknown>;
  subscribe(topic: string, listener: (payload: unknown) => void): () => void;
}

/** Messages on the WebSocket and on the in-process/utility channel. */
export type WireMessage =
  | { type: 'invoke'; id: number; method: string; args: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'subscribe'; topic: string }
  | { type: 'unsubscribe'; topic: string }
  | { type: 'event'; topic: string; payload: unknown };

/** IPC channel names used between preload and Electron main. */
export const ipcChannels = {
  invoke: 'kiosk:invoke',
  subscribe: 'kiosk:subscribe',
  unsubscribe: 'kiosk:unsubscribe',
  event: 'kiosk:event',
} as const;
