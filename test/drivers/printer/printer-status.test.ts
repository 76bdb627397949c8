import { describe, expect, it } from 'vitest';
import {
  decodeStatus,
  encodeStatus,
  healthyCondition,
  isRealTimeStatusByte,
  mergeConditions,
} from '../../../drivers/printer/printer-status';

describe('DLE EOT status decoding', () => {
  it('a quiet printer answers 0x12 to every query', () => {
    const c = mergeConditions(([1, 2, 3, 4] as const).map((n) => decodeStatus(n, 0x12)));
    expect(c).toEqual(healthyCondition);
  });

  it('worked example: 1A / 32 / 7E mean offline, stopped by paper end, paper near end and end', () => {
    expect(decodeStatus(1, 0x1a)).toEqual({ offline: true });
    expect(decodeStatus(2, 0x32)).toMatchObject({ paperEnd: true, coverOpen: false });
    expect(decodeStatus(4, 0x7e)).toEqual({ paperNearEnd: true, paperEnd: true });
  });

  it('cover open, errors and near end', () => {
    expect(decodeStatus(2, 0x16)).toMatchObject({ coverOpen: true, paperEnd: false });
    expect(decodeStatus(2, 0x52)).toMatchObject({ error: true });
    expect(decodeStatus(3, 0x1a)).toEqual({ error: true });
    expect(decodeStatus(4, 0x1e)).toEqual({ paperNearEnd: true, paperEnd: false });
  });

  it('status answers are told apart from GS r answers by the fixed bits', () => {
    expect(isRealTimeStatusByte(0x12)).toBe(true);
    expect(isRealTimeStatusByte(0x7e)).toBe(true);
    expect(isRealTimeStatusByte(0x00)).toBe(false);
    expect(isRealTimeStatusByte(0x0c)).toBe(false);
  });

  it('encode and decode agree for every condition', () => {
    for (let mask = 0; mask < 32; mask++) {
      const c = {
        paperEnd: !!(mask & 1),
        paperNearEnd: !!(mask & 2),
        coverOpen: !!(mask & 4),
        offline: !!(mask & 8),
        error: !!(mask & 16),
      };
      const back = mergeConditions(([1, 2, 3, 4] as const).map((n) => decodeStatus(n, encodeStatus(n, c))));
      expect(back).toEqual({ ...c, paperNearEnd: c.paperNearEnd || c.paperEnd });
    }
  });
});
