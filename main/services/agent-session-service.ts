import type { Agent } from '../../sync/changes/datasets';
import { AGENT_IDLE_LOCK_SEC, isAgentPin } from '../../rules/agent-pin';
import { maskName } from '../../rules/masking';
import { failure, success, type ApiResult } from '../contract/result';
import type { AgentView } from '../contract/views';
import type { LockoutStore } from '../store/technician-lockout-store';
import { agentByIdNumber, agentPinMatches } from './agent-credentials';
import type { AuditRecorder } from './audit-port';
import { clearWrongPins, countWrongPin, lockedForMs, waitText } from './pin-lockout';
import type { SessionService } from './session-service';

/** Wrong PINs of one agent before their sign-in waits (then 1 min, 5 min, … as for the technician). */
export const AGENT_FAILURE_LIMIT = 5;
/**
 * The host's own limit behind the screen's 3-minute lock: a screen that stopped talking (closed
 * tab, crashed page) cannot leave an agent signed in. The screen refreshes it while in use.
 */
export const AGENT_HOST_IDLE_MS = (AGENT_IDLE_LOCK_SEC + 60) * 1000;
const hostIdleMs = (idleLockSec: number) => (idleLockSec + 60) * 1000;

export interface AgentSessionDeps {
  /** The synced `agents` dataset (sealed at rest). */
  agents(): readonly Agent[];
  readonly station: { readonly name: string; readonly regionCode: string };
  /** The card on the reader: an agent signs in with their own ID card. */
  readonly sessions: SessionService;
  lockouts(agentId: string): LockoutStore;
  readonly audit: AuditRecorder;
  readonly now?: () => number;
  /** Seconds before the screen locks itself (3 minutes; shorter only in tests). */
  readonly idleLockSec?: number;
}

export interface SignedInAgent {
  readonly agent: Agent;
  readonly connectionId: string;
  readonly signedInAt: Date;
  lastUsed: number;
}

/**
 * Who serves at the terminal on behalf of villagers. A sign-in belongs to the screen (connection)
 * that made it, ends when it signs out, goes idle, or disconnects, and never outlives the agent's
 * record: the PIN and the card are checked offline against the synced dataset.
 */
export class AgentSessionService {
  #current: SignedInAgent | null = null;
  readonly #listeners = new Set<(view: AgentView | null) => void>();

  constructor(private readonly d: AgentSessionDeps) {}

  #idleLockSec(): number {
    return this.d.idleLockSec ?? AGENT_IDLE_LOCK_SEC;
  }

  #now(): number {
    return (this.d.now ?? Date.now)();
  }

  #fail(object: string, code: string): void {
    this.d.audit.record({ actor: { role: 'agent', id: object }, action: 'agent.sign_in', object, result: code });
  }

  async signIn(connectionId: string, pin: string): Promise<ApiResult<AgentView>> {
    const card = this.d.sessions.current?.identity;
    if (!card) return failure('no_session', '请先把您本人的身份证放在读卡区，再输入密码');
    const agent = await agentByIdNumber(this.d.agents(), card.idNumber);
    // The card is an agent's, not a villager's: it must not open the villager screens.
    this.d.sessions.end();
    if (!agent) {
      this.#fail('unknown', 'agent_unknown');
      return failure(
        'agent_unknown',
        '这张身份证不是登记过的站点工作人员。请用您本人的身份证，或请乡镇管理员在平台上添加您',
      );
    }
    if (!agent.active) {
      this.#fail(agent.id, 'agent_inactive');
      return failure('agent_inactive', '您的工作人员账号已停用，不能登录。请联系乡镇管理员');
    }
    if (agent.station_region !== undefined && agent.station_region !== this.d.station.regionCode) {
      this.#fail(agent.id, 'agent_other_station');
      return failure(
        'agent_other_station',
        '您是其他站点的工作人员，不能在本站登录。请到您的站点登录，或请乡镇管理员调整',
      );
    }
    if (!agent.pin_hash) {
      this.#fail(agent.id, 'agent_pin_not_set');
      return failure('agent_pin_not_set', '您还没有设置登录密码，请联系乡镇管理员在平台上设置');
    }
    const now = this.#now();
    const store = this.d.lockouts(agent.id);
    const wait = lockedForMs(store, now);
    if (wait > 0) {
      this.#fail(agent.id, 'locked');
      return failure('locked', `密码错误次数过多，请${waitText(wait)}后再试`);
    }
    if (!isAgentPin(pin) || !(await agentPinMatches(agent, pin))) {
      const locked = countWrongPin(store, now, AGENT_FAILURE_LIMIT);
      this.#fail(agent.id, locked ? 'locked' : 'denied');
      return locked
        ? failure('locked', `密码错误次数过多，请${waitText(lockedForMs(store, now))}后再试`)
        : failure('unauthorized', '密码不对，请重新输入');
    }
    clearWrongPins(store);
    if (this.#current) this.signOut(this.#current.connectionId, 'replaced');
    this.#current = { agent, connectionId, signedInAt: new Date(now), lastUsed: now };
    this.d.audit.record({ actor: this.actor()!, action: 'agent.sign_in', object: agent.id, result: 'ok' });
    this.#notify();
    return success(this.#view(this.#current));
  }

  /** `reason`: signed_out (the agent pressed 退出), idle, disconnected, replaced. */
  signOut(connectionId: string, reason = 'signed_out'): boolean {
    const c = this.#current;
    if (!c || c.connectionId !== connectionId) return false;
    this.#current = null;
    this.d.audit.record({
      actor: { role: 'agent', id: c.agent.id },
      action: 'agent.sign_out',
      object: c.agent.id,
      result: reason,
    });
    // Whatever card lay on the reader belongs to the agent's last villager: it goes too.
    this.d.sessions.end();
    this.#notify();
    return true;
  }

  disconnect(connectionId: string): void {
    this.signOut(connectionId, 'disconnected');
  }

  /**
   * The agent signed in on this connection, still within the idle limit (and the use refreshes
   * it); else `agent_required`. Every agent-only method goes through here.
   */
  require(connectionId: string): ApiResult<SignedInAgent> {
    const c = this.#current;
    if (!c || c.connectionId !== connectionId) return failure('agent_required', '请工作人员先登录');
    const now = this.#now();
    if (now - c.lastUsed > hostIdleMs(this.#idleLockSec())) {
      this.signOut(connectionId, 'idle');
      return failure('agent_required', '工作人员登录已超时，请重新登录');
    }
    c.lastUsed = now;
    return success(c);
  }

  /** Screen of this connection: its agent (refreshing the idle limit), or null. */
  current(connectionId: string): AgentView | null {
    const r = this.require(connectionId);
    return r.ok ? this.#view(r.value) : null;
  }

  /**
   * Call before an agent screen shows a person's data unmasked (e.g. the villager whose card is
   * on the reader, in the queue): one `agent.view_unmasked` entry naming the tx id, never the data.
   */
  recordUnmaskedView(connectionId: string, object: string): ApiResult<{ recorded: true }> {
    const r = this.require(connectionId);
    if (!r.ok) return r;
    this.d.audit.record({
      actor: { role: 'agent', id: r.value.agent.id },
      action: 'agent.view_unmasked',
      object,
      result: 'ok',
    });
    return success({ recorded: true });
  }

  /** The signed-in agent's masked name (receipts print it), or null. */
  maskedName(): string | null {
    return this.#current ? maskName(this.#current.agent.name) : null;
  }

  /** The audit actor while an agent is signed in. */
  actor(): { role: 'agent'; id: string } | null {
    return this.#current ? { role: 'agent', id: this.#current.agent.id } : null;
  }

  onChange(listener: (view: AgentView | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #view(c: SignedInAgent): AgentView {
    return {
      agentId: c.agent.id,
      maskedName: maskName(c.agent.name),
      roles: [...c.agent.roles],
      stationName: this.d.station.name,
      regionCode: this.d.station.regionCode,
      signedInAt: c.signedInAt.toISOString(),
      idleLockSec: this.#idleLockSec(),
    };
  }

  #notify(): void {
    const view = this.#current ? this.#view(this.#current) : null;
    for (const l of this.#listeners) l(view);
  }
}
