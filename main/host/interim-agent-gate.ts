import type { AgentActor, AgentGate } from '../services/agent-actor';

/**
 * INTERIM: who is signed in as an agent, per connection, until the agent sign-in (issue #11 part A)
 * is merged and implements AgentGate itself. Nothing in the KioskApi signs in through this; only
 * the host's own code and tests call signIn, so no screen can reach the agent methods through it.
 */
export class InterimAgentGate implements AgentGate {
  readonly #signedIn = new Map<string, AgentActor>();

  signIn(connectionId: string, agent: AgentActor): void {
    this.#signedIn.set(connectionId, agent);
  }

  signOut(connectionId: string): void {
    this.#signedIn.delete(connectionId);
  }

  current(connectionId: string): AgentActor | null {
    return this.#signedIn.get(connectionId) ?? null;
  }
}
