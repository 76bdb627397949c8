import { randomUUID } from 'node:crypto';
import type { WireMessage } from '../../contract/kiosk-api';
import { failure } from '../../contract/result';
import type { Dispatch } from '../dispatcher';
import { EventBus } from '../event-bus';
import { clientMessageSchema } from './wire-message';

/**
 * Serves one client connection (a WebSocket or a channel port): invokes go to the dispatcher,
 * subscriptions filter the event bus. Malformed messages get a bad_request result when they
 * carry an id, and are otherwise dropped. Each connection is its own caller (what it unlocks, it
 * alone may use), and closing it tells the host.
 */
export function serveConnection(
  send: (message: WireMessage) => void,
  dispatch: Dispatch,
  bus: EventBus,
): { receive(raw: unknown): void; close(): void } {
  const caller = { connectionId: randomUUID() };
  const subscribed = new Set<string>();
  const off = bus.subscribeAll((topic, payload) => {
    if (subscribed.has(topic)) send({ type: 'event', topic, payload });
  });
  return {
    receive(raw) {
      const parsed = clientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : undefined;
        if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
          send({ type: 'result', id, result: failure('bad_request', '请求无效') });
        }
        return;
      }
      const message = parsed.data;
      if (message.type === 'invoke') {
        void dispatch(message.method, message.args, caller).then((result) =>
          send({ type: 'result', id: message.id, result }),
        );
      } else if (message.type === 'subscribe') {
        if (EventBus.isTopic(message.topic)) subscribed.add(message.topic);
      } else {
        subscribed.delete(message.topic);
      }
    },
    close() {
      off();
      subscribed.clear();
      dispatch.disconnected?.(caller.connectionId);
    },
  };
}
