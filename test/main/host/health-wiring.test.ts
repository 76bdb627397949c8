import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { diskFreeMb, healthState } from '../../../main/host/health-wiring';

describe('health wiring', () => {
  it('says ok for a ready or busy device, absent when unplugged, fault otherwise', () => {
    expect(healthState({ state: 'ready' })).toBe('ok');
    expect(healthState({ state: 'busy' })).toBe('ok');
    expect(healthState({ state: 'disconnected' })).toBe('absent');
    expect(healthState({ state: 'fault', code: 'paper_out', message: '缺纸' })).toBe('fault');
  });

  it('measures the free space of a real folder', () => {
    const mb = diskFreeMb(tmpdir());
    expect(mb).toBeGreaterThan(0);
    expect(Number.isFinite(mb)).toBe(true);
  });
});
