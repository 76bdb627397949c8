import { batch, signal } from '@preact/signals';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type { AgentView, SessionView } from '../../main/contract/views';
import { AGENT_IDLE_LOCK_SEC, AGENT_PIN_MAX, AGENT_PIN_MIN } from '../../rules/agent-pin';
import { errorText, zhCN } from '../i18n/zh-CN';
import { createIdleTimer } from '../logic/idle-timer';

/**
 * Where the agent is: `closed` (villager screens), `signIn`, `menu`, or the key of a screen
 * plugged into the agent shell (renderer/agent/screens.tsx: 帮办, 代办, and later the queue …).
 */
export type AgentPlace = 'closed' | 'signIn' | 'menu' | (string & {});

/** The last seconds of the idle lock are a visible countdown in the agent bar. */
const COUNTDOWN_SEC = 30;
/** While the agent works without host calls (a long form), the host's own idle limit is refreshed this often. */
const KEEPALIVE_MS = 30_000;

export interface AgentEvents {
  /** Agent mode ended (signed out, idle lock): the villager screens must forget everything. */
  onClosed?: () => void;
  /** Speaks a text in Mandarin (the villagers' voice guide): the consent screen is read aloud. */
  say?: (text: string) => void;
}

/**
 * Agent mode: sign-in with the agent's own card and PIN, the coloured agent bar, a menu other
 * agent screens plug into, and the idle lock after 3 minutes, which signs out on the host and
 * clears every value of the last villager from every screen (state of plugged screens included:
 * they keep theirs in `scoped` and it is dropped here).
 */
export function createAgentController(api: KioskApi, events: AgentEvents = {}) {
  const place = signal<AgentPlace>('closed');
  const agent = signal<AgentView | null>(null);
  const pin = signal('');
  /** The agent's own card was read on the sign-in screen (nothing of it is shown). */
  const cardRead = signal(false);
  const error = signal<string | null>(null);
  const working = signal(false);
  const countdown = signal<number | null>(null);
  /** Bumped on every lock/sign-out: plugged screens keyed on it drop their local state. */
  const generation = signal(0);
  const clearers = new Set<() => void>();
  const sessionListeners = new Set<(view: SessionView | null) => void>();
  let lastKeepAlive = 0;

  const idle = createIdleTimer((AGENT_IDLE_LOCK_SEC - COUNTDOWN_SEC) * 1000, COUNTDOWN_SEC * 1000, {
    onCountdown(left) {
      countdown.value = left;
    },
    onCountdownCancelled() {
      countdown.value = null;
    },
    onExpire() {
      countdown.value = null;
      void signOut('idle');
    },
  });

  const reset = (): void => {
    for (const clear of clearers) clear();
    batch(() => {
      pin.value = '';
      cardRead.value = false;
      error.value = null;
      working.value = false;
      countdown.value = null;
      generation.value += 1;
    });
  };

  function open(): void {
    if (place.value !== 'closed') return;
    reset();
    place.value = 'signIn';
    idle.start();
  }

  function typePin(value: string): void {
    activity();
    pin.value = value.replace(/\D/g, '').slice(0, AGENT_PIN_MAX);
    error.value = null;
  }

  async function signIn(): Promise<void> {
    if (working.value || pin.value.length < AGENT_PIN_MIN) return;
    working.value = true;
    const r = await api.invoke('agent.signIn', { pin: pin.value });
    batch(() => {
      working.value = false;
      pin.value = '';
      cardRead.value = false;
    });
    if (place.value !== 'signIn') return;
    if (!r.ok) {
      // The lock message says how long to wait: the host's words.
      error.value =
        r.error.code === 'locked'
          ? r.error.message
          : r.error.code === 'unauthorized'
            ? zhCN.agent.pinWrong
            : errorText(r.error);
      return;
    }
    agent.value = r.value;
    const shown = Math.min(COUNTDOWN_SEC, Math.floor(r.value.idleLockSec / 2));
    idle.configure((r.value.idleLockSec - shown) * 1000, shown * 1000);
    place.value = 'menu';
  }

  /** 退出登录, 返回 on the sign-in screen, or the idle lock: everything goes. */
  async function signOut(reason: 'signed_out' | 'idle' = 'signed_out'): Promise<void> {
    const wasSignedIn = agent.value !== null;
    idle.stop();
    reset();
    batch(() => {
      agent.value = null;
      place.value = 'closed';
    });
    events.onClosed?.();
    if (wasSignedIn) await api.invoke('agent.signOut', { reason });
    else await api.invoke('session.end', {});
  }

  function go(next: AgentPlace): void {
    activity();
    if (agent.value === null) return;
    error.value = null;
    place.value = next;
  }

  function activity(): void {
    idle.activity();
    if (agent.value !== null && Date.now() - lastKeepAlive > KEEPALIVE_MS) {
      lastKeepAlive = Date.now();
      void api.invoke('agent.current', {});
    }
  }

  function onSession(view: SessionView | null): void {
    if (place.value === 'signIn') cardRead.value = view !== null;
    if (place.value === 'closed' || place.value === 'signIn') return;
    for (const l of sessionListeners) l(view);
  }

  function start(): void {
    api.subscribe('session.changed', onSession);
    api.subscribe('agent.changed', (view) => {
      // Signed out by the host (its idle limit, another screen): this screen locks too.
      if (view === null && agent.value !== null) void signOut('idle');
    });
  }

  return {
    state: { place, agent, pin, cardRead, error, working, countdown, generation },
    start,
    open,
    typePin,
    signIn,
    signOut,
    go,
    activity,
    /** Held while a submit or print is in flight: the lock must not cut it off. */
    hold: () => idle.hold(),
    isOpen: () => place.value !== 'closed',
    /** The terminal's API, for the plugged screens. */
    api,
    say: (text: string) => events.say?.(text),
    /** A plugged screen's cleanup, run on every lock and sign-out. */
    onClear(clear: () => void): () => void {
      clearers.add(clear);
      return () => clearers.delete(clear);
    },
    /** The villager card on the reader while agent mode is open (帮办: the villager's own card). */
    onVillagerCard(listener: (view: SessionView | null) => void): () => void {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },
  };
}

export type AgentController = ReturnType<typeof createAgentController>;
