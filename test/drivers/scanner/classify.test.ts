import { describe, expect, it } from 'vitest';
import { ScanClassSchema, classify } from '../../../drivers/scanner/classify';

const enrolment = (o: unknown): string => 'CZE1:' + Buffer.from(JSON.stringify(o)).toString('base64url');

describe('classify', () => {
  it('recognises our receipt code', () => {
    expect(classify('CZR1:430121-20260115-0007')).toEqual({ kind: 'receipt', localNumber: '430121-20260115-0007' });
    expect(classify('CZR1:ABC12')).toEqual({ kind: 'unknown' }); // too short
    expect(classify('CZR1:abc-123456')).toEqual({ kind: 'unknown' }); // lower case
    expect(classify('CZR1:' + 'A'.repeat(41))).toEqual({ kind: 'unknown' });
    expect(classify('czr1:ABC-123456')).toEqual({ kind: 'unknown' });
    expect(classify('WIFI:S:x;;')).toEqual({ kind: 'unknown' });
  });

  it('recognises an enrolment code with optional fields', () => {
    expect(
      classify(
        enrolment({
          platform: 'https://p.example.cn/api',
          code: 'K7QF-29XD',
          region_code: '430121001001',
          station: '示例村',
        }),
      ),
    ).toEqual({
      kind: 'enrolment',
      platform: 'https://p.example.cn/api',
      code: 'K7QF-29XD',
      regionCode: '430121001001',
      station: '示例村',
    });
    expect(classify(enrolment({ platform: 'http://10.0.0.5:8080', code: 'abcd' }))).toEqual({
      kind: 'enrolment',
      platform: 'http://10.0.0.5:8080',
      code: 'abcd',
    });
    // Protocol 1.1: the code may pin the platform key (hex SHA-256, either case; kept lower case).
    expect(
      classify(enrolment({ platform: 'https://p.example.cn', code: 'abcd', platform_key_sha256: 'AB'.repeat(32) })),
    ).toEqual({
      kind: 'enrolment',
      platform: 'https://p.example.cn',
      code: 'abcd',
      platformKeySha256: 'ab'.repeat(32),
    });
  });

  it('treats malformed enrolment codes as unknown', () => {
    expect(classify(enrolment({ platform: 'javascript:alert(1)', code: 'abcd' }))).toEqual({ kind: 'unknown' });
    expect(classify(enrolment({ platform: 'https://p.example.cn', code: 'ab' }))).toEqual({ kind: 'unknown' });
    expect(classify(enrolment({ platform: 'https://p.example.cn', code: 'abcd', region_code: '4301' }))).toEqual({
      kind: 'unknown',
    });
    expect(classify(enrolment(['x']))).toEqual({ kind: 'unknown' });
    expect(
      classify(enrolment({ platform: 'https://p.example.cn', code: 'abcd', platform_key_sha256: 'ab'.repeat(31) })),
    ).toEqual({ kind: 'unknown' });
    expect(classify('CZE1:not json!')).toEqual({ kind: 'unknown' });
    expect(classify('CZE1:' + Buffer.from('{').toString('base64url'))).toEqual({ kind: 'unknown' });
  });

  it('classifies links without carrying the URL, keeping only the host', () => {
    expect(classify('https://evil.example.com/pay?x=1')).toEqual({ kind: 'url', host: 'evil.example.com' });
    expect(classify('www.example.com/a')).toEqual({ kind: 'url', host: 'www.example.com' });
    expect(classify('weixin://dl/business')).toEqual({ kind: 'url', host: 'dl' });
    expect(classify('tel:10086')).toEqual({ kind: 'url' });
  });

  it('classifies digits and everything else', () => {
    expect(classify('6901234567892')).toEqual({ kind: 'digits', digits: '6901234567892' });
    expect(classify('村级便民服务站:张三')).toEqual({ kind: 'unknown' });
    expect(classify('12 34')).toEqual({ kind: 'unknown' });
  });

  it('always returns a value the schema accepts', () => {
    for (const text of [
      'CZR1:ABC-123456',
      enrolment({ platform: 'https://a.cn', code: 'abcd' }),
      'http://x',
      '1',
      '?',
    ]) {
      expect(ScanClassSchema.safeParse(classify(text)).success).toBe(true);
    }
  });
});
