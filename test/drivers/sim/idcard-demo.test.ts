import { describe, expect, it } from 'vitest';
import type { IdentityCard } from '../../../drivers/idcard/identity';
import { startIdCardDemo } from '../../../drivers/sim/idcard-demo';

describe('startIdCardDemo', () => {
  it('runs the real reader against the simulator and lets the demo place sample cards', async () => {
    const demo = await startIdCardDemo({ pollIntervalMs: 300 });
    try {
      const cards: IdentityCard[] = [];
      demo.source.on('card', (c) => cards.push(c));
      await demo.source.start();
      expect(demo.source.status.state).toBe('ready');
      expect(demo.samples.map((s) => s.card.cardType)).toEqual(
        expect.arrayContaining(['resident', 'hk_mo_tw_residence', 'foreign_permanent_2017', 'foreign_permanent_2023']),
      );
      expect(demo.samples.every((s) => /[\u4e00-\u9fff]/.test(s.label))).toBe(true);
      demo.place('resident-rare-character');
      for (let i = 0; i < 60 && cards.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(cards.map((c) => c.name)).toEqual(['赵𠈌䶮']);
      expect(() => demo.place('nobody')).toThrow(RangeError);
    } finally {
      await demo.close();
    }
  });
});
