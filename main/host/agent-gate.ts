import type { AgentGate } from '../services/agent-actor';
import type { AgentSessionService } from '../services/agent-session-service';

/** The queue's view of agent sign-in: the agent of this connection (refreshing its idle limit), or null. */
export function agentGateOf(agents: AgentSessionService): AgentGate {
  return {
    current(connectionId) {
      const view = agents.current(connectionId);
      return view ? { id: view.agentId, maskedName: view.maskedName } : null;
    },
  };
}
