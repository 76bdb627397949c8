import { scryptSync, timingSafeEqual } from 'node:crypto';
import type { Agent } from '../../sync/changes/datasets';

// The terminal's own copy of the scrypt parameters of the `agents` dataset (docs/platform-protocol.md).
const params = { N: 16384, r: 8, p: 1 } as const;

function scryptHex(secret: string, saltHex: string): Buffer {
  return scryptSync(secret, Buffer.from(saltHex, 'hex'), 32, params);
}

function sameHex(actual: Buffer, expectedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The agent whose salted ID hash matches the card in the reader, or null. Every record is tried. */
export function agentByIdNumber(agents: readonly Agent[], idNumber: string): Agent | null {
  const normal = idNumber.trim().toUpperCase();
  let found: Agent | null = null;
  for (const a of agents) {
    // No early exit: the time taken does not tell where in the list the card matched.
    if (sameHex(scryptHex(normal, a.id_salt), a.id_hash) && found === null) found = a;
  }
  return found;
}

export function agentPinMatches(agent: Agent, pin: string): boolean {
  if (!agent.pin_salt || !agent.pin_hash) return false;
  return sameHex(scryptHex(pin, agent.pin_salt), agent.pin_hash);
}
