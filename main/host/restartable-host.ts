import type { TopicName, TopicPayload } from '../contract/events';
import type { Caller, Dispatch } from './dispatcher';
import { EventBus } from './event-bus';
import type { Host } from './host';

export interface RestartableHost {
  /** Stable across restarts: give these to the transport. Calls made during a restart wait for the new host. */
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly speech: { read(key: string): Buffer | null };
  /** The host serving now. */
  current(): Host;
  /** Resolves with the new host once it serves; one restart at a time. */
  restart(): Promise<Host>;
  close(): Promise<void>;
}

/**
 * The npm start side of 重启终端 (Electron restarts its utility process instead): closes the host
 * and starts a new one that reads the configuration again, behind the same transport, so the page
 * keeps its connection. It says `host.recovering` meanwhile, as the Electron shell does.
 * `start` gets the function a host calls to ask for its own restart.
 */
export async function startRestartableHost(
  start: (onRestartRequested: () => void) => Promise<Host>,
  onRestartFailed: (error: unknown) => void,
): Promise<RestartableHost> {
  const bus = new EventBus();
  const forward = (topic: TopicName, payload: unknown): void =>
    bus.publish(topic, payload as TopicPayload<typeof topic>);
  let host!: Host;
  let unsubscribe = (): void => {};
  const attach = (next: Host): Host => {
    host = next;
    unsubscribe = next.bus.subscribeAll(forward);
    return next;
  };
  let serving: Promise<Host>;
  let restarting: Promise<Host> | null = null;

  const restart = (): Promise<Host> => {
    restarting ??= (async () => {
      bus.publish('host.recovering', { recovering: true, reason: null });
      unsubscribe();
      await host.close();
      const next = attach(await start(() => void restart()));
      bus.publish('host.recovering', { recovering: false, reason: null });
      return next;
    })().finally(() => {
      restarting = null;
    });
    serving = restarting;
    serving.catch(onRestartFailed);
    return restarting;
  };

  serving = Promise.resolve(attach(await start(() => void restart())));

  const dispatch: Dispatch = Object.assign(
    async (method: unknown, args: unknown, caller?: Caller) => (await serving).dispatch(method, args, caller),
    { disconnected: (connectionId: string) => host.dispatch.disconnected?.(connectionId) },
  );

  return {
    dispatch,
    bus,
    speech: { read: (key) => host.speech.read(key) },
    current: () => host,
    restart,
    async close() {
      await (await serving).close();
    },
  };
}
