import { describe, expect, it } from 'vitest';
import { buildHealthPayload, type HealthInputs } from '../../../sync/health/health-payload';
import { validateHealthPayload } from '../../../sync/platform/validate-payload';

const now = Date.parse('2026-12-04T10:00:00.000Z');
const inputs: HealthInputs = {
  nowMs: now,
  version: '0.9.1',
  uptimeS: 3600.7,
  devices: { idcard: 'ok', printer: 'fault', scanner: 'absent' },
  queue: {
    pending: 2,
    inflight: 1,
    deferred: 1,
    acked: 40,
    rejected: 3,
    oldestPending: { seq: 5, txId: 't', deviceTime: '2026-12-04T09:30:00.000Z' },
  },
  diskFreeMb: 1234.9,
  clockOffsetMs: -420_000.4,
};

describe('buildHealthPayload', () => {
  it('reports states, unsent queue, its oldest age, disk and clock in the protocol shape', () => {
    const p = buildHealthPayload(inputs);
    expect(p).toEqual({
      at: '2026-12-04T10:00:00.000Z',
      version: '0.9.1',
      uptime_s: 3600,
      devices: { idcard: 'ok', printer: 'fault', scanner: 'absent' },
      queue: { pending: 4, oldest_age_s: 1800, rejected: 3 },
      disk_free_mb: 1234,
      clock_offset_ms: -420000,
    });
    expect(validateHealthPayload(p).ok).toBe(true);
  });

  it('says null for an empty queue and an unmeasured clock', () => {
    const p = buildHealthPayload({ ...inputs, queue: { ...inputs.queue, oldestPending: null }, clockOffsetMs: null });
    expect(p.queue.oldest_age_s).toBeNull();
    expect(p.clock_offset_ms).toBeNull();
  });

  it('refuses to build a report that could carry an ID number', () => {
    expect(() => buildHealthPayload({ ...inputs, version: 'build-110101199003076514' })).toThrow();
  });
});

describe('the remote configuration outcome in a health item', () => {
  const config = {
    version: '0123456789ab',
    outcome: 'refused' as const,
    applied: [],
    refused: [{ key: 'idle_timeout_s', code: 'invalid_value' as const }],
  };

  it('travels with names and codes, and the platform accepts it', () => {
    const p = buildHealthPayload({ ...inputs, config });
    expect(p.config).toEqual(config);
    expect(validateHealthPayload(p as unknown as Record<string, unknown>).ok).toBe(true);
  });

  it('is refused when anything but a name or code rides along', () => {
    const withValue = { ...config, refused: [{ key: 'hotline', code: 'invalid_value', value: '13800001234' }] };
    expect(() => buildHealthPayload({ ...inputs, config: withValue as unknown as typeof config })).toThrow();
    const digitsAsKey = { ...config, applied: ['13800001234'] };
    expect(() => buildHealthPayload({ ...inputs, config: digitsAsKey as unknown as typeof config })).toThrow();
  });
});
