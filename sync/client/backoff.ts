/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempt)]. */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** The next cheap probe while the link is down: uniform in [min, max]. */
export function probeDelay(minMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(minMs + random() * (maxMs - minMs));
}
