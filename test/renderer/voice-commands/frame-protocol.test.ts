import { describe, expect, it } from 'vitest';
import { isFromFrame, isToFrame } from '../../../renderer/voice-commands/frame-protocol';

describe('page ↔ recognition frame messages', () => {
  it('accepts the messages of the protocol', () => {
    expect(isToFrame({ type: 'load' })).toBe(true);
    expect(isToFrame({ type: 'start', phrases: ['回 首 页', '[unk]'] })).toBe(true);
    expect(isToFrame({ type: 'stop' })).toBe(true);
    expect(isFromFrame({ type: 'final', text: '下 一 步' })).toBe(true);
    expect(isFromFrame({ type: 'loaded' })).toBe(true);
  });

  it('refuses anything else (other frames, extensions, malformed or oversized grammars)', () => {
    for (const bad of [null, 'load', {}, { type: 'eval' }, { type: 'start' }, { type: 'start', phrases: [1] }])
      expect(isToFrame(bad)).toBe(false);
    expect(isToFrame({ type: 'start', phrases: Array.from({ length: 501 }, () => '是') })).toBe(false);
    expect(isToFrame({ type: 'start', phrases: ['字'.repeat(201)] })).toBe(false);
    expect(isFromFrame({ type: 'final' })).toBe(false);
    expect(isFromFrame({ type: 'final', text: 3 })).toBe(false);
    expect(isFromFrame({ type: 'start', phrases: [] })).toBe(false);
  });
});
