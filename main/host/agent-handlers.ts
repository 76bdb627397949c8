import { success } from '../contract/result';
import type { AgentSessionService } from '../services/agent-session-service';
import type { Handlers } from './dispatcher';

export type AgentMethod = Extract<keyof Handlers, `agent.${string}`>;

/** The station agents' methods (issue #11); every one but sign-in needs this screen's sign-in. */
export function agentHandlers(agents: AgentSessionService): Pick<Handlers, AgentMethod> {
  return {
    'agent.current': (_args, caller) => success(agents.current(caller.connectionId)),
    'agent.signIn': ({ pin }, caller) => agents.signIn(caller.connectionId, pin),
    'agent.signOut': ({ reason }, caller) => success({ signedOut: agents.signOut(caller.connectionId, reason) }),
  };
}
