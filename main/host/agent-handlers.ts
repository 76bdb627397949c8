import { success } from '../contract/result';
import type { AgentServeService } from '../services/agent-serve-service';
import type { AgentSessionService } from '../services/agent-session-service';
import type { Handlers } from './dispatcher';

export type AgentMethod = Extract<keyof Handlers, `agent.${string}`>;

/** The station agents' methods (issue #11); every one but sign-in needs this screen's sign-in. */
export function agentHandlers(agents: AgentSessionService, serve: AgentServeService): Pick<Handlers, AgentMethod> {
  return {
    'agent.current': (_args, caller) => success(agents.current(caller.connectionId)),
    'agent.signIn': ({ pin }, caller) => agents.signIn(caller.connectionId, pin),
    'agent.signOut': ({ reason }, caller) => success({ signedOut: agents.signOut(caller.connectionId, reason) }),
    'agent.assistSubmit': ({ signaturePngBase64, ...args }, caller) =>
      serve.assistSubmit(caller.connectionId, { ...args, signaturePngBase64 }),
    'agent.consentRefused': ({ serviceCode }, caller) => serve.consentRefused(caller.connectionId, serviceCode),
    'agent.stagePhoto': ({ purpose, jpegBase64 }, caller) => serve.stagePhoto(caller.connectionId, purpose, jpegBase64),
    'agent.proxySubmit': (args, caller) => serve.proxySubmit(caller.connectionId, args),
  };
}
