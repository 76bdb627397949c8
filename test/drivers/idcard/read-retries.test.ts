import { describe, expect, it } from 'vitest';
import {
  CARD_FAILURES_PER_PLACEMENT,
  LINK_FAILURES_PER_PLACEMENT,
  PlacementRetries,
} from '../../../drivers/idcard/read-retries';

describe('PlacementRetries', () => {
  it('gives line trouble a longer budget than card errors', () => {
    const link = new PlacementRetries();
    const lastLink = Array.from({ length: LINK_FAILURES_PER_PLACEMENT }, () => link.recordFailure('checksum_errors'));
    expect(lastLink).toEqual([...Array(LINK_FAILURES_PER_PLACEMENT - 1).fill(false), true]);
    const card = new PlacementRetries();
    const lastCard = Array.from({ length: CARD_FAILURES_PER_PLACEMENT }, () => card.recordFailure('card_read_failed'));
    expect(lastCard).toEqual([...Array(CARD_FAILURES_PER_PLACEMENT - 1).fill(false), true]);
    expect(LINK_FAILURES_PER_PLACEMENT).toBeGreaterThan(CARD_FAILURES_PER_PLACEMENT);
  });

  it('counts kinds separately and starts over for the next placement', () => {
    const r = new PlacementRetries();
    r.recordFailure('timeout');
    r.recordFailure('malformed_response');
    expect(r.recordFailure('card_read_failed')).toBe(false);
    expect(r.failures).toBe(3);
    r.reset();
    expect(r.exhausted).toBe(false);
    expect(r.failures).toBe(0);
  });
});
