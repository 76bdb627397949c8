/**
 * The signed-in station agent acting on the queue, corrections and day close. Only the id and the
 * masked name travel: the id goes into audit entries, the masked name onto receipts.
 */
export interface AgentActor {
  readonly id: string;
  readonly maskedName: string;
}

/** Who, if anyone, is signed in as an agent on a connection (agent sign-in implements it). */
export interface AgentGate {
  current(connectionId: string): AgentActor | null;
}
