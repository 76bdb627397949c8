import type { TopicName, TopicPayload } from '../../main/contract/events';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { methods, type MethodName } from '../../main/contract/methods';
import { apiResultSchema, type ApiResult } from '../../main/contract/result';
import type { SystemInfo } from '../../main/contract/views';

/**
 * A scripted KioskApi: records calls, answers from handlers, emits events on demand. Every scripted
 * answer is checked against the contract's result schema for its method, so a fake can never
 * answer something the real host could not.
 */
export function fakeApi(
  handlers: Partial<Record<MethodName, (args: unknown) => Promise<ApiResult<unknown>> | ApiResult<unknown>>>,
) {
  const calls: { method: MethodName; args: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: KioskApi = {
    async invoke(method, args) {
      calls.push({ method, args });
      const h = handlers[method];
      const r = h ? await h(args) : { ok: false as const, error: { code: 'not_found' as const, message: '' } };
      const checked = apiResultSchema(methods[method].result).safeParse(r);
      if (!checked.success) {
        throw new Error(`fake answer for ${method} breaks the contract: ${checked.error.message}`);
      }
      return r as never;
    },
    subscribe(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(topic, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const emit = <T extends TopicName>(topic: T, payload: TopicPayload<T>): void => {
    for (const l of listeners.get(topic) ?? []) l(payload);
  };
  return { api, calls, emit };
}

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });

/** `system.info` of an enrolled, non-demo station, as the villager controller tests use it. */
export const stationInfo = (over: Partial<SystemInfo> = {}): ApiResult<SystemInfo> =>
  ok({
    stationName: '东村',
    version: '1',
    demo: false,
    mode: 'station',
    idleTimeoutSec: 90,
    countdownSec: 30,
    hotline: '',
    ...over,
  });
