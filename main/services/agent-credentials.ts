import { scrypt, timingSafeEqual } from 'node:crypto';
import type { Agent } from '../../sync/changes/datasets';

// The terminal's own copy of the scrypt parameters of the `agents` dataset (docs/platform-protocol.md).
const params = { N: 16384, r: 8, p: 1 } as const;

/** Off the event loop (libuv's thread pool): ~60 ms each, and a station has several agents. */
function scryptHex(secret: string, saltHex: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, Buffer.from(saltHex, 'hex'), 32, params, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function sameHex(actual: Buffer, expectedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The agent whose salted ID hash matches the card in the reader, or null. Every record is tried. */
export async function agentByIdNumber(agents: readonly Agent[], idNumber: string): Promise<Agent | null> {
  const normal = idNumber.trim().toUpperCase();
  // Every record is hashed (no early exit): the time taken does not tell where the card matched.
  const hashes = await Promise.all(agents.map((a) => scryptHex(normal, a.id_salt)));
  return agents.find((a, i) => sameHex(hashes[i]!, a.id_hash)) ?? null;
}

export async function agentPinMatches(agent: Agent, pin: string): Promise<boolean> {
  if (!agent.pin_salt || !agent.pin_hash) return false;
  return sameHex(await scryptHex(pin, agent.pin_salt), agent.pin_hash);
}
