// The journey checks must catch each way a killed host could lose or double a villager's save.
import { describe, expect, it } from 'vitest';
import { checkJourneys } from './journey-invariant';
import type { JourneyEvidence } from './journey-invariant';

function healthy(): JourneyEvidence {
  return {
    journeys: 2,
    saved: [
      { index: 0, requestId: 'r0', txId: 't0', localNumber: 'L-0001' },
      { index: 1, requestId: 'r1', txId: 't1', localNumber: 'L-0002' },
    ],
    integrity: ['ok'],
    transactions: [
      { tx_id: 't0', request_id: 'r0', local_number: 'L-0001' },
      { tx_id: 't1', request_id: 'r1', local_number: 'L-0002' },
    ],
    outbox: [
      { tx_id: 't0', state: 'acked' },
      { tx_id: 't1', state: 'rejected' },
    ],
    platformTxIds: ['t0'],
  };
}

describe('checkJourneys', () => {
  it('holds for a run where every save survived and was applied once (or rejected)', () => {
    expect(checkJourneys(healthy())).toEqual([]);
  });

  it.each<[string, (e: JourneyEvidence) => void, RegExp]>([
    ['a transaction row lost', (e) => e.transactions.splice(0, 1), /LOST: journey 0 .* no transaction row/],
    ['an outbox row lost', (e) => e.outbox.splice(0, 1), /LOST: journey 0 .* no outbox row/],
    ['applied twice', (e) => e.platformTxIds.push('t0'), /DUPLICATE: tx t0 applied 2 times/],
    [
      'never reached the platform',
      (e) => e.platformTxIds.splice(0, 1),
      /LOST: journey 0 .* never reached the platform/,
    ],
    ['a rejected one applied', (e) => e.platformTxIds.push('t1'), /rejected but is on the platform/],
    ['a damaged database', (e) => (e.integrity = ['*** in database main ***', 'Page 5: btree']), /integrity_check/],
    ['a journey never saved', (e) => e.saved.pop(), /journey 1 was never saved/],
    [
      'a phantom save',
      (e) => e.transactions.push({ tx_id: 't9', request_id: 'r9', local_number: 'L-0009' }),
      /phantom transaction t9/,
    ],
    ['a save shown under another number', (e) => (e.saved[0]!.localNumber = 'L-0007'), /was shown as r0 \/ L-0007/],
    ['still pending after the drain', (e) => (e.outbox[0]!.state = 'pending'), /is pending after the drain/],
    ['a phantom on the platform', (e) => e.platformTxIds.push('tx-x'), /phantom on the platform: tx-x/],
  ])('catches %s', (_name, spoil, expected) => {
    const e = healthy();
    spoil(e);
    expect(checkJourneys(e).join('\n')).toMatch(expected);
  });
});
