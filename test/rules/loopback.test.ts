import { describe, expect, it } from 'vitest';
import { isLoopbackUrl } from '../../rules/loopback';

describe('isLoopbackUrl', () => {
  it('accepts this machine only', () => {
    for (const u of ['http://127.0.0.1:8080', 'https://127.5.0.9/', 'http://localhost:1', 'http://[::1]:80'])
      expect(isLoopbackUrl(u)).toBe(true);
    for (const u of [
      'https://platform.example.gov.cn',
      'http://127.0.0.1.evil.cn',
      'http://10.0.0.1',
      'http://localhost.example',
      'nonsense',
      '',
    ])
      expect(isLoopbackUrl(u)).toBe(false);
  });
});
