import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../rules/typed-emitter';

describe('TypedEmitter', () => {
  it('delivers to listeners and stops after unsubscribe', () => {
    const e = new TypedEmitter<{ n: number }>();
    const got: number[] = [];
    const off = e.on('n', (v) => got.push(v));
    e.emit('n', 1);
    off();
    e.emit('n', 2);
    expect(got).toEqual([1]);
  });

  it('isolates a throwing listener from the others', () => {
    const errors: unknown[] = [];
    const e = new TypedEmitter<{ n: number }>((x) => errors.push(x));
    const got: number[] = [];
    e.on('n', () => {
      throw new Error('boom');
    });
    e.on('n', (v) => got.push(v));
    e.emit('n', 7);
    expect(got).toEqual([7]);
    expect(errors).toHaveLength(1);
  });
});
