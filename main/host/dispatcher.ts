import { isMethodName, methods, type MethodName, type MethodResult, type ParsedArgs } from '../contract/methods';
import { failure, type ApiResult } from '../contract/result';

/** Who is calling: one client connection (a WebSocket, a channel port). */
export interface Caller {
  readonly connectionId: string;
}

/** In-process callers (tests, tools) that name no connection share this one. */
export const directCaller: Caller = { connectionId: 'direct' };

export type Handlers = {
  [M in MethodName]: (
    args: ParsedArgs<M>,
    caller: Caller,
  ) => Promise<ApiResult<MethodResult<M>>> | ApiResult<MethodResult<M>>;
};

export interface Dispatch {
  (method: unknown, args: unknown, caller?: Caller): Promise<ApiResult<unknown>>;
  /** A transport tells the host that a connection closed (what it unlocked ends with it). */
  disconnected?(connectionId: string): void;
}

export interface DispatcherOptions {
  /** Called with the method name and error for bugs (never with arguments: they may hold personal data). */
  onBug?: (method: string, error: unknown) => void;
  onDisconnect?: (connectionId: string) => void;
}

/**
 * The single entry point of every transport: unknown methods and arguments that do not parse
 * become `bad_request` values and reach no handler, so a malformed call changes nothing.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const dispatch: Dispatch = async (method, args, caller = directCaller) => {
    if (!isMethodName(method)) return failure('bad_request', '请求无效：未知的操作');
    const parsed = methods[method].args.safeParse(args ?? {});
    if (!parsed.success) return failure('bad_request', '请求无效：参数不正确');
    try {
      const handler = handlers[method] as (a: unknown, c: Caller) => Promise<ApiResult<unknown>> | ApiResult<unknown>;
      const result = await handler(parsed.data, caller);
      if (result.ok) {
        // The result schema is the promise to the renderer; a mismatch is our bug, not the caller's.
        const checked = methods[method].result.safeParse(result.value);
        if (!checked.success)
          throw new Error(`result of ${method} does not match the contract: ${checked.error.message}`);
        return { ok: true, value: checked.data };
      }
      return result;
    } catch (error) {
      options.onBug?.(method, error);
      return failure('internal', '系统出错了，请稍后再试或请工作人员帮忙');
    }
  };
  if (options.onDisconnect) dispatch.disconnected = options.onDisconnect;
  return dispatch;
}
