/** A station agent's sign-in PIN: 6 to 12 digits (a million guesses at least, and locked after a few). */
export const AGENT_PIN_PATTERN = /^\d{6,12}$/;
export const AGENT_PIN_MIN = 6;
export const AGENT_PIN_MAX = 12;

/** Seconds without a touch after which agent mode locks itself (3 minutes). */
export const AGENT_IDLE_LOCK_SEC = 180;

export function isAgentPin(pin: string): boolean {
  return AGENT_PIN_PATTERN.test(pin);
}
