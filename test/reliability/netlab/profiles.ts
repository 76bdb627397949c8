// Link profiles from issue 6 and docs/reliability.md.
import type { WeakLinkOptions } from './weak-link';

/** "Village 2G": 64 kbit/s each way, 400 ms round trip, 3 % random loss each way. */
export const V2G: Omit<WeakLinkOptions, 'seed'> = { rateKbit: 64, rttMs: 400, lossPct: 3 };

/** The blackout profile: V2G with a 45 s total outage in both directions. */
export const BLACKOUT_MS = 45_000;
