import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanOutcome } from '../../../main/contract';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost;
beforeEach(async () => {
  host = await startTempHost();
});
afterEach(async () => host.cleanup());

describe('scanning', () => {
  it('announces a hardware-scanned receipt code to the screens as a progress lookup', async () => {
    const seen: unknown[] = [];
    host.bus.subscribeAll((topic, payload) => topic === 'scan.result' && seen.push(payload));
    expect(await host.dispatch('demo.scan', { text: 'CZR1:430121100201-20261122-0001' })).toEqual({
      ok: true,
      value: { scanned: true },
    });
    expect(seen).toEqual([{ kind: 'receipt', localNumber: '430121100201-20261122-0001' }]);
  });

  it('never passes a URL or a garbage code on: 无法识别此二维码', async () => {
    const seen: ScanOutcome[] = [];
    host.bus.subscribeAll((topic, payload) => topic === 'scan.result' && seen.push(payload as ScanOutcome));
    await host.dispatch('demo.scan', { text: 'https://evil.example/phish?id=1' });
    await host.dispatch('demo.scan', { text: 'CZR1:../../etc/passwd' });
    await host.dispatch('demo.scan', { text: '\u001b[2J\u0000' });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const s of seen) expect(s).toEqual({ kind: 'unrecognised', message: '无法识别此二维码' });
  });

  it('decodes camera bytes with the GB18030 fallback and answers the camera call only', async () => {
    const seen: unknown[] = [];
    host.bus.subscribeAll((topic, payload) => topic === 'scan.result' && seen.push(payload));
    const gbk = iconv.encode('村站', 'gb18030').toString('base64');
    const r = await host.dispatch('scan.submit', { source: 'camera', bytesBase64: gbk });
    expect(r).toEqual({ ok: true, value: { kind: 'unrecognised', message: '无法识别此二维码' } });
    const receipt = await host.dispatch('scan.submit', { source: 'camera', text: 'CZR1:430121100201-20261122-0002' });
    expect(receipt).toEqual({ ok: true, value: { kind: 'receipt', localNumber: '430121100201-20261122-0002' } });
    expect(seen).toEqual([]);
  });

  it('reads an enrolment code for the technician', async () => {
    const body = Buffer.from(
      JSON.stringify({ platform: 'https://gov.example/cz', code: 'ABCD-1234', region_code: '430121100201' }),
    ).toString('base64url');
    const r = await host.dispatch('scan.submit', { source: 'camera', text: `CZE1:${body}` });
    expect(r).toEqual({
      ok: true,
      value: { kind: 'enrolment', platform: 'https://gov.example/cz', code: 'ABCD-1234', regionCode: '430121100201' },
    });
    const pinned = Buffer.from(
      JSON.stringify({ platform: 'https://gov.example/cz', code: 'ABCD-1234', platform_key_sha256: 'C0'.repeat(32) }),
    ).toString('base64url');
    expect(await host.dispatch('scan.submit', { source: 'camera', text: `CZE1:${pinned}` })).toEqual({
      ok: true,
      value: {
        kind: 'enrolment',
        platform: 'https://gov.example/cz',
        code: 'ABCD-1234',
        platformKeySha256: 'c0'.repeat(32),
      },
    });
  });
});
