import { describe, expect, it } from 'vitest';
import { evaluationReasons } from '../../../main/services/evaluation-reasons';

const seed = [
  { code: 'slow', label: '办理时间太长' },
  { code: 'other', label: '其他' },
];

describe('evaluationReasons', () => {
  it("prefers the platform's synced list", () => {
    const synced = [{ code: 'queue', label: '排队太久' }];
    expect(evaluationReasons(synced, seed)).toEqual(synced);
  });

  it('falls back to the seed before the first sync, and when the synced setting does not fit', () => {
    expect(evaluationReasons(undefined, seed)).toEqual(seed);
    expect(evaluationReasons([], seed)).toEqual(seed);
    expect(evaluationReasons([{ code: 'Bad Code', label: 'x' }], seed)).toEqual(seed);
    expect(evaluationReasons('slow', seed)).toEqual(seed);
  });
});
