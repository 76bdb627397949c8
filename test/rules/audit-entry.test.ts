import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findChainBreak, GENESIS_HASH, type AuditEntry, type UnhashedAuditEntry } from '../../rules/audit-entry';

// A deliberately different hash from the protocol's: the rule must work with whatever it is given.
const hashOf = (e: UnhashedAuditEntry) => createHash('sha256').update(JSON.stringify(e)).digest('hex');

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: UnhashedAuditEntry = {
      index: i,
      at: `2026-12-04T10:0${i}:00.000Z`,
      actor: { role: 'agent', id: 'A1' },
      action: 'x',
      object: 'o',
      result: 'ok',
      prev_hash: prev,
    };
    prev = hashOf(e);
    out.push({ ...e, hash: prev });
  }
  return out;
}

describe('findChainBreak', () => {
  it('accepts an intact chain and a continuation from a known head', () => {
    const c = chain(4);
    expect(findChainBreak(c, hashOf)).toBeNull();
    expect(findChainBreak(c.slice(2), hashOf, { prevHash: c[1]!.hash, firstIndex: 3 })).toBeNull();
  });

  it('names an edited entry, a missing one and a wrong starting point', () => {
    const c = chain(4);
    expect(
      findChainBreak(
        c.map((e) => (e.index === 3 ? { ...e, result: 'denied' } : e)),
        hashOf,
      ),
    ).toEqual({ index: 3, reason: 'hash_mismatch' });
    expect(findChainBreak([c[0]!, c[2]!, c[3]!], hashOf)).toEqual({ index: 2, reason: 'index_gap' });
    expect(findChainBreak(c.slice(2), hashOf, { prevHash: GENESIS_HASH, firstIndex: 3 })).toEqual({
      index: 3,
      reason: 'prev_hash_mismatch',
    });
  });
});
