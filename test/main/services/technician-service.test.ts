import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, pinMatches, TechnicianService, type TechnicianDeps } from '../../../main/services/technician-service';

function service(over: Partial<TechnicianDeps> = {}, clock = { now: 0 }) {
  const calls: string[] = [];
  const s = new TechnicianService({
    pinHash: null, demo: true, station: { name: '样板村', regionCode: '430121100201' }, monoNow: () => clock.now,
    enroll: async () => { calls.push('enroll'); return { ok: true, value: { deviceId: 'd1', platformUrl: 'https://p.example' } }; },
    syncNow: async () => { calls.push('sync'); return { ok: true, acked: 0, rejected: 0, message: null }; },
    status: () => { throw new Error('not used'); },
    ...over,
  });
  return { s, calls, clock };
}

describe('TechnicianService', () => {
  it('hashes PINs with a salt and verifies them in constant time', () => {
    const h = hashPin('24680', randomBytes(16));
    expect(h).toMatch(/^scrypt\$/);
    expect(h).not.toContain('24680');
    expect(pinMatches('24680', h)).toBe(true);
    expect(pinMatches('24681', h)).toBe(false);
    expect(pinMatches('24680', 'garbage')).toBe(false);
  });

  it('accepts only the configured PIN, and the demo PIN only on a demo terminal without one', () => {
    const configured = service({ pinHash: hashPin('24680', randomBytes(16)) }).s;
    expect(configured.unlock('000000').ok).toBe(false);
    expect(configured.unlock('24680').ok).toBe(true);
    const real = service({ demo: false }).s;
    expect(real.unlock('000000')).toMatchObject({ ok: false, error: { message: expect.stringContaining('还没有设置技术员密码') } });
  });

  it('locks for five minutes after five wrong PINs', () => {
    const { s, clock } = service();
    for (let i = 0; i < 5; i++) expect(s.unlock('111111')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.unlock('000000')).toMatchObject({ ok: false, error: { code: 'locked' } });
    clock.now += 5 * 60_000 + 1;
    expect(s.unlock('000000').ok).toBe(true);
  });

  it('does nothing while locked, and locks again on request', async () => {
    const { s, calls } = service();
    expect(await s.enroll({ platform: 'https://p.example', code: 'ABCD', regionCode: '430121100201', stationName: 'x' })).toMatchObject({ ok: false });
    expect(await s.syncNow()).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    s.unlock('000000');
    expect((await s.syncNow()).ok).toBe(true);
    s.lock();
    expect(await s.syncNow()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});
