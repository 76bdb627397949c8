// What one fault run's terminal enqueues, derived from the seed alone: the harness and every
// incarnation of the terminal process compute the same items (same tx_id, payload and
// attachment bytes), so a restarted terminal re-enqueues idempotently and the checker knows
// exactly what must arrive.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../sync/outbox/canonical';
import { stableUuid, syntheticApplication } from './payloads';
import type { PoisonKind } from './payloads';
import { createRng } from './rng';

export interface PlannedItem {
  index: number;
  txId: string;
  serviceCode: string;
  payload: Record<string, unknown>;
  payloadSha256: string;
  poison: PoisonKind | null;
  attachment: { data: Buffer; mime: string; sha256: string } | null;
}

export interface RunPlan {
  seed: number;
  count: number;
  poison: Record<number, PoisonKind>;
  attachments: Record<number, number>;
}

export function itemSeed(seed: number, index: number): number {
  return createHash('sha256').update(`item:${seed}:${index}`).digest().readUInt32LE(0);
}

export function plannedItem(plan: RunPlan, index: number): PlannedItem {
  const rng = createRng(itemSeed(plan.seed, index));
  const poison = plan.poison[index] ?? null;
  const app = syntheticApplication(rng, index, poison ?? undefined);
  const size = plan.attachments[index];
  let attachment: PlannedItem['attachment'] = null;
  if (size) {
    // Incompressible, like a scanned PDF; deterministic so every incarnation has the same hash.
    const data = Buffer.alloc(size);
    for (let off = 0, n = 0; off < size; n++) {
      const block = createHash('sha256').update(`blob:${plan.seed}:${index}:${n}`).digest();
      off += block.copy(data, off);
    }
    attachment = { data, mime: 'application/pdf', sha256: createHash('sha256').update(data).digest('hex') };
  }
  return {
    index,
    txId: stableUuid(plan.seed, index),
    serviceCode: app.serviceCode,
    payload: app.payload,
    payloadSha256: createHash('sha256').update(canonicalJson(app.payload), 'utf8').digest('hex'),
    poison,
    attachment,
  };
}
