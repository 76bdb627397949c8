import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../../../main/electron/policy/restart-policy';

describe('RestartPolicy', () => {
  it('doubles from the base delay up to the cap while the host keeps dying', () => {
    const policy = new RestartPolicy({ baseMs: 500, maxMs: 30_000, stableMs: 60_000 });
    const delays = Array.from({ length: 10 }, () => policy.nextDelay(null));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('does not reset after a short-lived host', () => {
    const policy = new RestartPolicy({ baseMs: 100, maxMs: 10_000, stableMs: 60_000 });
    policy.nextDelay(null);
    policy.nextDelay(5_000);
    expect(policy.nextDelay(59_999)).toBe(400);
  });

  it('starts over after a host that served for the stable period', () => {
    const policy = new RestartPolicy({ baseMs: 100, maxMs: 10_000, stableMs: 60_000 });
    for (let i = 0; i < 5; i++) policy.nextDelay(null);
    expect(policy.nextDelay(60_000)).toBe(100);
    expect(policy.nextDelay(null)).toBe(200);
  });

  it('never overflows after very many failures', () => {
    const policy = new RestartPolicy({ baseMs: 500, maxMs: 30_000, stableMs: 60_000 });
    let last = 0;
    for (let i = 0; i < 10_000; i++) last = policy.nextDelay(null);
    expect(last).toBe(30_000);
  });
});
