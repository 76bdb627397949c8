import type { WireMessage } from '../contract/kiosk-api';
import type { WirePipe } from '../contract/wire-client';
import { RestartPolicy } from './policy/restart-policy';
import {
  childMessageSchema,
  type KeyOp,
  type KeyReply,
  type ParentMessage,
  type StartRefusal,
} from './utility/protocol';

/** A started service host process (Electron's UtilityProcess, or a fake in tests). */
export interface HostChild {
  postMessage(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface HostSupervisorOptions {
  spawn(): HostChild;
  answerKey(op: KeyOp, data: string): KeyReply;
  /**
   * true while the host is down or restarting after a crash; false once it serves again.
   * `reason` is set when the host said why it refuses to start (it keeps being retried).
   */
  onRecovering(recovering: boolean, reason: StartRefusal | null): void;
  log(line: string): void;
  policy?: RestartPolicy;
  clock?: Clock;
  /** A host that does not say `ready` within this time is killed and restarted. */
  readyTimeoutMs?: number;
  /** How long `stop()` waits for a clean exit before killing. */
  stopTimeoutMs?: number;
}

export interface HostSupervisor {
  /** The client side of the KioskApi channel; give it to createWireBridge. */
  pipe: WirePipe;
  start(): void;
  stop(): Promise<void>;
  readonly state: SupervisorState;
}

export type SupervisorState = 'idle' | 'starting' | 'ready' | 'waiting' | 'stopping' | 'stopped';

/** Calls made while the very first host starts are held (the page loads faster than SQLite). */
const MAX_HELD_MESSAGES = 200;

/**
 * Starts the service host, restarts it with backoff when it dies, and exposes it as a WirePipe.
 * While a restarted host is not ready the pipe refuses sends, so calls resolve at once to
 * `service_unavailable` (createWireBridge does that) and the page shows 系统正在恢复.
 */
export function createHostSupervisor(options: HostSupervisorOptions): HostSupervisor {
  const clock = options.clock ?? realClock;
  const policy = options.policy ?? new RestartPolicy();
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;

  const messageListeners = new Set<(message: unknown) => void>();
  const closeListeners = new Set<() => void>();
  const openListeners = new Set<() => void>();

  let state: SupervisorState = 'idle';
  let child: HostChild | null = null;
  let readyAt: number | null = null;
  /** Only the very first start holds calls; after any exit, calls fail fast until ready. */
  let holding = true;
  /** A host died since the last ready: the new one needs the subscriptions replayed. */
  let needReplay = false;
  let recovering = false;
  let held: WireMessage[] = [];
  let restartTimer: unknown = null;
  let readyTimer: unknown = null;
  let stopped: { resolve: () => void; timer: unknown } | null = null;

  /** What the last host said before it gave up starting; cleared when one serves. */
  let refusal: StartRefusal | null = null;
  let reportedReason: StartRefusal | null = null;

  const setRecovering = (value: boolean) => {
    const reason = value ? refusal : null;
    if (recovering === value && reportedReason === reason) return;
    recovering = value;
    reportedReason = reason;
    options.onRecovering(value, reason);
  };

  const launch = () => {
    restartTimer = null;
    state = 'starting';
    readyAt = null;
    let current: HostChild;
    try {
      current = options.spawn();
    } catch (error) {
      options.log(`service host could not be started: ${error instanceof Error ? error.message : String(error)}`);
      holding = false;
      needReplay = true;
      held = [];
      for (const listener of [...closeListeners]) listener();
      scheduleRestart(null);
      return;
    }
    child = current;
    readyTimer = clock.setTimeout(() => {
      readyTimer = null;
      if (child === current && state === 'starting') {
        options.log(`service host not ready after ${readyTimeoutMs} ms; killing it`);
        current.kill();
      }
    }, readyTimeoutMs);
    current.onMessage((raw) => {
      if (child !== current) return;
      onChildMessage(current, raw);
    });
    current.onExit((code) => {
      if (child !== current) return;
      onChildExit(code);
    });
  };

  const onChildMessage = (current: HostChild, raw: unknown) => {
    const parsed = childMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.ch === 'api') {
      if (state !== 'ready') return;
      for (const listener of [...messageListeners]) listener(message.m);
    } else if (message.ch === 'key') {
      current.postMessage({ ch: 'key-reply', id: message.id, result: options.answerKey(message.op, message.data) });
    } else if (message.ch === 'refused') {
      refusal = message.code;
      options.log(`service host refuses to start: ${message.code}`);
    } else if (state === 'starting') {
      refusal = null;
      clearReadyTimer();
      state = 'ready';
      readyAt = clock.now();
      holding = false;
      const queue = held;
      held = [];
      for (const m of queue) current.postMessage({ ch: 'api', m });
      if (needReplay) {
        needReplay = false;
        for (const listener of [...openListeners]) listener();
      }
      setRecovering(false);
    }
  };

  const onChildExit = (code: number) => {
    clearReadyTimer();
    child = null;
    if (state === 'stopping') {
      finishStop();
      return;
    }
    const readyFor = readyAt === null ? null : clock.now() - readyAt;
    options.log(`service host exited with code ${code}`);
    holding = false;
    needReplay = true;
    held = [];
    for (const listener of [...closeListeners]) listener();
    scheduleRestart(readyFor);
  };

  const scheduleRestart = (readyFor: number | null) => {
    state = 'waiting';
    setRecovering(true);
    const delay = policy.nextDelay(readyFor);
    options.log(`restarting service host in ${delay} ms`);
    restartTimer = clock.setTimeout(launch, delay);
  };

  const clearReadyTimer = () => {
    if (readyTimer !== null) clock.clearTimeout(readyTimer);
    readyTimer = null;
  };

  const finishStop = () => {
    state = 'stopped';
    if (stopped) {
      clock.clearTimeout(stopped.timer);
      stopped.resolve();
      stopped = null;
    }
  };

  const pipe: WirePipe = {
    send(message) {
      if (state === 'ready' && child) {
        child.postMessage({ ch: 'api', m: message });
        return true;
      }
      if (state === 'starting' && holding && held.length < MAX_HELD_MESSAGES) {
        held.push(message);
        return true;
      }
      return false;
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    onOpen(listener) {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
  };

  return {
    pipe,
    get state() {
      return state;
    },
    start() {
      if (state !== 'idle') return;
      launch();
    },
    stop() {
      if (state === 'stopped') return Promise.resolve();
      if (restartTimer !== null) clock.clearTimeout(restartTimer);
      restartTimer = null;
      clearReadyTimer();
      const current = child;
      if (!current) {
        state = 'stopped';
        return Promise.resolve();
      }
      if (stopped)
        return new Promise((resolve) => {
          const previous = stopped!.resolve;
          stopped!.resolve = () => {
            previous();
            resolve();
          };
        });
      state = 'stopping';
      return new Promise<void>((resolve) => {
        const timer = clock.setTimeout(() => {
          options.log('service host did not exit in time; killing it');
          current.kill();
          // Electron emits exit after kill; if it never does, do not hang the quit.
          child = null;
          finishStop();
        }, stopTimeoutMs);
        stopped = { resolve, timer };
        current.postMessage({ ch: 'shutdown' });
      });
    },
  };
}
