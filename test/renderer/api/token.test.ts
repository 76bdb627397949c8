import { describe, expect, it } from 'vitest';
import { tokenFromHash, wsUrlFor } from '../../../renderer/api/token';

describe('kiosk token', () => {
  it('reads the token from the URL fragment', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('token=a%2Bb')).toBe('a+b');
    expect(tokenFromHash('#other=1')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('builds the WebSocket URL on the page host', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:5173' }, 'a+b')).toBe(
      'ws://127.0.0.1:5173/api/ws?token=a%2Bb',
    );
    expect(wsUrlFor({ protocol: 'https:', host: 'kiosk.local' }, 't')).toBe('wss://kiosk.local/api/ws?token=t');
  });
});
