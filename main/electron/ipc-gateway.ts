import { isTopicName, type TopicName } from '../contract/events';
import type { KioskBridge } from '../contract/kiosk-api';
import { isMethodName, methods } from '../contract/methods';
import type { ErrorCode } from '../contract/error-codes';
import { failure, type ApiResult } from '../contract/result';
import { checkSender, type SenderInfo } from './policy/sender';

export interface IpcGatewayOptions {
  /** Bridge to the service host (createWireBridge over the supervisor's pipe). */
  host: KioskBridge;
  /** webContents.id of the kiosk window, or null while there is none. */
  windowContentsId(): number | null;
  /** Delivers an event to our page (webContents.send on the kiosk window only). */
  sendEvent(topic: TopicName, payload: unknown): void;
  /** Rejections, for the log. Never includes arguments: they may hold personal data. */
  onReject?(reason: string, method: string | null): void;
}

export interface IpcGateway {
  invoke(sender: SenderInfo, method: unknown, args: unknown): Promise<ApiResult<unknown> | unknown>;
  subscribe(sender: SenderInfo, topic: unknown): void;
  unsubscribe(sender: SenderInfo, topic: unknown): void;
  /** Main-side state the page can watch: the host is restarting (and, if it said, why it will not start). */
  setRecovering(recovering: boolean, reason?: ErrorCode | null): void;
  /** The page reloaded or crashed: its subscriptions are gone. */
  reset(): void;
}

/** Topics Electron main publishes itself; everything else comes from the service host. */
const LOCAL_TOPIC: TopicName = 'host.recovering';

/**
 * The only way from the page to the service host. A call passes when it comes from the main
 * frame of our window showing app://kiosk, names a contract method, and its arguments parse
 * with that method's schema; anything else gets `bad_request` and never reaches the host.
 */
export function createIpcGateway(options: IpcGatewayOptions): IpcGateway {
  const hostSubscriptions = new Map<TopicName, () => void>();
  let localSubscribed = false;
  let recovering = false;
  let reason: ErrorCode | null = null;

  const reject = (reason: string, method: unknown) => {
    options.onReject?.(reason, typeof method === 'string' ? method.slice(0, 100) : null);
  };

  const senderOk = (sender: SenderInfo, what: unknown): boolean => {
    const verdict = checkSender(sender, options.windowContentsId());
    if (verdict.ok) return true;
    reject(`sender:${verdict.reason}`, what);
    return false;
  };

  return {
    async invoke(sender, method, args) {
      if (!senderOk(sender, method)) return failure('bad_request', '请求无效');
      if (!isMethodName(method)) {
        reject('unknown_method', method);
        return failure('bad_request', '请求无效：未知的操作');
      }
      const parsed = methods[method].args.safeParse(args ?? {});
      if (!parsed.success) {
        reject('bad_args', method);
        return failure('bad_request', '请求无效：参数不正确');
      }
      return options.host.invoke(method, parsed.data);
    },
    subscribe(sender, topic) {
      if (!senderOk(sender, topic)) return;
      if (!isTopicName(topic)) {
        reject('unknown_topic', topic);
        return;
      }
      if (topic === LOCAL_TOPIC) {
        localSubscribed = true;
        // A page that loads mid-restart must learn it at once.
        options.sendEvent(LOCAL_TOPIC, { recovering, reason });
        return;
      }
      if (hostSubscriptions.has(topic)) return;
      hostSubscriptions.set(
        topic,
        options.host.subscribe(topic, (payload) => options.sendEvent(topic, payload)),
      );
    },
    unsubscribe(sender, topic) {
      if (!senderOk(sender, topic) || !isTopicName(topic)) return;
      if (topic === LOCAL_TOPIC) {
        localSubscribed = false;
        return;
      }
      hostSubscriptions.get(topic)?.();
      hostSubscriptions.delete(topic);
    },
    setRecovering(value, why = null) {
      recovering = value;
      reason = why;
      if (localSubscribed) options.sendEvent(LOCAL_TOPIC, { recovering: value, reason: why });
    },
    reset() {
      for (const off of hostSubscriptions.values()) off();
      hostSubscriptions.clear();
      localSubscribed = false;
    },
  };
}
