import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_CODE_MESSAGE } from '../../../drivers/scanner/classify';
import { FakeScanner } from '../../../drivers/scanner/fake';
import type { ClassifiedScan } from '../../../drivers/scanner/hub';
import { ScannerHub, classifyText } from '../../../drivers/scanner/hub';
import { SAMPLE_CODES } from '../../../drivers/scanner/samples';

describe('ScannerHub', () => {
  it('classifies scans from every source and forwards status', async () => {
    let now = 0;
    const hub = new ScannerHub({ now: () => now });
    const a = new FakeScanner('fake:a');
    const b = new FakeScanner('fake:b');
    hub.add('a', a);
    hub.add('b', b);
    const scans: ClassifiedScan[] = [];
    const statuses: string[] = [];
    hub.on('scan', (s) => scans.push(s));
    hub.on('status', (s) => statuses.push(`${s.source}:${s.status.state}`));
    await hub.start();
    expect(statuses).toEqual(['a:ready', 'b:ready']);

    a.scan('CZR1:ABC-123456');
    a.scan('CZR1:ABC-123456'); // continuous-mode repeat: ignored
    b.scan('CZR1:ABC-123456'); // another source: a new scan
    now += 2000;
    a.scan('CZR1:ABC-123456'); // later: a new scan
    a.scanSample('url');
    expect(scans.map((s) => [s.source, s.code.kind])).toEqual([
      ['fake:a', 'receipt'],
      ['fake:b', 'receipt'],
      ['fake:a', 'receipt'],
      ['fake:a', 'url'],
    ]);
    expect(scans[3]!.code).toEqual({ kind: 'url', host: 'example.com' });
    await hub.stop();
    expect(statuses.at(-1)).toBe('b:disconnected');
  });

  it('runs camera submissions through the same pipeline, GB18030 fallback included', () => {
    const hub = new ScannerHub();
    const scans: ClassifiedScan[] = [];
    hub.on('scan', (s) => scans.push(s));
    const gbk = iconv.encode('村级便民服务站', 'gbk').toString('base64');
    const result = hub.submit({ source: 'camera', text: '´å¼¶±ãÃñ·þÎñÕ¾', bytesBase64: gbk });
    expect(result).toEqual({
      ok: true,
      value: {
        source: 'camera',
        text: '村级便民服务站',
        encoding: 'gb18030',
        mode: 'camera',
        code: { kind: 'unknown' },
      },
    });
    const receipt = hub.submit({ source: 'camera', text: 'CZR1:ABC-123456' });
    expect(receipt.ok && receipt.value.code).toEqual({ kind: 'receipt', localNumber: 'ABC-123456' });
    expect(scans).toHaveLength(2);
  });

  it('rejects malformed and oversized submissions as values', () => {
    const hub = new ScannerHub();
    for (const bad of [
      null,
      {},
      { source: 'camera' },
      { source: 'hid', text: 'x' },
      { source: 'camera', bytesBase64: '!!!' },
    ]) {
      const r = hub.submit(bad);
      expect(r.ok ? null : r.error.code).toBe('bad_submission');
    }
    const long = hub.submit({ source: 'camera', text: 'x'.repeat(2000) });
    expect(long.ok ? null : long.error.code).toBe('payload_too_long');
    const empty = hub.submit({ source: 'camera', text: '\u0000' });
    expect(empty.ok ? null : empty.error.code).toBe('payload_empty');
  });

  it('classifies every demo sample as intended', () => {
    const kinds = SAMPLE_CODES.map((s) => {
      const fake = new FakeScanner();
      let kind = '';
      fake.on('scan', (scan) => {
        const r = classifyText(scan.text);
        kind = r.ok ? r.value.kind : r.error.code;
      });
      void fake.start();
      expect(fake.scanSample(s.id)).toBe(true);
      return [s.id, kind];
    });
    expect(kinds).toEqual([
      ['receipt', 'receipt'],
      ['enrolment', 'enrolment'],
      ['url', 'url'],
      ['digits', 'digits'],
      ['gbk', 'unknown'],
    ]);
    expect(new FakeScanner().scanSample('nope')).toBe(false);
    expect(UNKNOWN_CODE_MESSAGE).toBe('无法识别此二维码');
  });
});
