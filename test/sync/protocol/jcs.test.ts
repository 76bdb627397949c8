import { describe, expect, it } from 'vitest';
import { canonicalJson, NotJsonError, payloadSha256, sha256Hex } from '../../../sync/protocol/jcs';

describe('canonicalJson (RFC 8785)', () => {
  it('orders keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse re-sorts integer-like keys first, so compare the raw text order instead.
    const text = canonicalJson(input);
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((k) =>
      text.indexOf(JSON.stringify(k)),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(keys).toHaveLength(7);
  });

  it('serializes numbers like ECMAScript (RFC 8785 Appendix B samples)', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [9007199254740992, '9007199254740992'],
      [-9007199254740992, '-9007199254740992'],
      [295147905179352830000, '295147905179352830000'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [333333333.3333333, '333333333.3333333'],
      [4.5, '4.5'],
      [0.002, '0.002'],
      [1e23, '1e+23'],
      [-1.5e-7, '-1.5e-7'],
    ];
    for (const [n, s] of cases) expect(canonicalJson(n)).toBe(s);
  });

  it('matches the RFC 8785 §3.2.2 sample output', () => {
    const input = {
      // The RFC's sample deliberately writes more digits than a double holds.
      // eslint-disable-next-line no-loss-of-precision
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000f\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('keeps non-ASCII text as UTF-8, not \\u escapes', () => {
    expect(canonicalJson({ 姓名: '张三', b: [1, { z: 1, a: '养老' }] })).toBe(
      '{"b":[1,{"a":"养老","z":1}],"姓名":"张三"}',
    );
  });

  it('refuses what is not plain JSON', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(NotJsonError);
    expect(() => canonicalJson({ a: NaN })).toThrow(NotJsonError);
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(NotJsonError);
    expect(() => canonicalJson('\ud800')).toThrow(NotJsonError);
    expect(() => canonicalJson(() => 1)).toThrow(NotJsonError);
  });

  it('hashes the canonical form, so key order and spacing do not matter', () => {
    const a = payloadSha256({ fields: { name: '李四', age: 70 }, mode: 'self' });
    const b = payloadSha256(JSON.parse('{ "mode":"self", "fields": {"age":70.0, "name":"李四"} }'));
    expect(a).toBe(b);
    expect(a).toBe(sha256Hex('{"fields":{"age":70,"name":"李四"},"mode":"self"}'));
    expect(payloadSha256({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});
