import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { list } from 'tar';
import type { ApiResult } from '../../../../main/contract';
import { runDiagCli } from '../../../../main/host/cli/diag';
import { hashPin } from '../../../../main/services/technician-service';
import { FileKeyProvider } from '../../../../main/store/key-provider';
import { SAMPLE_CARDS } from '../../../../drivers/sim/sample-cards';
import { startTempHost } from '../../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost | null = null;
let outDir: string;
afterEach(async () => {
  await host?.cleanup();
  host = null;
  rmSync(outDir, { recursive: true, force: true });
});

const PHONE = '13800001234';

/** A journey per sample card through the real host; the host's log lines are kept as its log file. */
async function stationAfterJourneys(): Promise<string> {
  host = await startTempHost();
  const h = host;
  const call = async <T>(method: string, args: unknown) => (await h.dispatch(method, args)) as ApiResult<T>;
  let saved = 0;
  for (const sample of SAMPLE_CARDS) {
    await call('demo.placeCard', { id: sample.id });
    const application = sample.id.startsWith('foreign-')
      ? {
          serviceCode: 'NY-BT',
          values: { bank_account: '6217002870012345678', contract_no: 'HN2024A0015', area_mu: '3' },
        }
      : { serviceCode: 'YL-RZ', values: { phone: PHONE, residence_status: 'home', photo_taken: true } };
    const r = await call('tx.submit', { ...application, requestId: crypto.randomUUID() });
    // A card without what the service needs is refused up front (card_lacks_field): nothing saved.
    if (r.ok) saved += 1;
    else if (r.error.code !== 'card_lacks_field') throw new Error(`submit failed: ${JSON.stringify(r)}`);
    await call('session.end', {});
  }
  expect(saved).toBeGreaterThanOrEqual(SAMPLE_CARDS.length - 2);
  await h.close();
  mkdirSync(join(h.dir, 'logs'), { recursive: true, mode: 0o700 });
  const [first] = SAMPLE_CARDS;
  // What a careless driver log line would hold: the bundle must not carry it out.
  const leaked = JSON.stringify({
    level: 40,
    msg: `card ${first!.card.idNumber} ${first!.card.name} ${first!.card.address} tel ${PHONE}`,
  });
  writeFileSync(join(h.dir, 'logs', 'cunzhan.1.log'), `${h.logLines.join('\n')}\n${leaked}\n`, { mode: 0o600 });
  writeFileSync(
    join(h.dir, 'config.json'),
    JSON.stringify({
      station: { name: '样板村便民服务站' },
      technician: { pinHash: hashPin('246810', randomBytes(16)) },
    }),
    { mode: 0o600 },
  );
  return h.dir;
}

async function diag(dir: string, out: string) {
  const lines: string[] = [];
  const code = await runDiagCli(
    ['--out', out, '--no-probe'],
    { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    {
      CUNZHAN_DATA_DIR: dir,
    },
  );
  return { code, text: lines.join('\n') };
}

describe('cunzhan diag', () => {
  it('bundles logs, configuration, sync status and database statistics with none of the sample cards’ data', async () => {
    outDir = mkdtempSync(join(tmpdir(), 'cunzhan-usb-'));
    const dir = await stationAfterJourneys();
    const out = join(outDir, 'diag.tar.gz');
    const r = await diag(dir, out);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/诊断包已写入 .*diag\.tar\.gz（6 个文件）/);

    const names: string[] = [];
    await list({ file: out, onReadEntry: (e) => names.push(e.path) });
    expect(names.sort()).toEqual(
      [
        'config.json',
        'database.json',
        'devices.json',
        'logs/cunzhan.1.log',
        'manifest.json',
        'sync-status.json',
      ].sort(),
    );
    const everything = gunzipSync(readFileSync(out)).toString('utf8');
    for (const { card } of SAMPLE_CARDS) {
      expect(everything).not.toContain(card.idNumber);
      expect(everything).not.toContain(card.name);
      expect(everything).not.toContain(card.address);
    }
    expect(everything).not.toContain(PHONE);
    expect(everything).not.toContain('scrypt$');
    expect(everything).toContain('[已隐去:身份证号]');
    expect(everything).toContain('[已隐去:姓名]');
    expect(everything).toContain('[已设置，不导出]');
    // What the county needs is there.
    expect(everything).toContain('"schema_version"');
    expect(everything).toMatch(/"transactions": \d+/);
    expect(everything).toContain('样板村便民服务站');
    expect(r.text).toMatch(/已隐去：身份证号 1 处，手机号 1 处，姓名\/地址 [1-9]\d* 处/);
  }, 60_000);

  it('refuses when a record does not open with the key: the scan would be incomplete', async () => {
    outDir = mkdtempSync(join(tmpdir(), 'cunzhan-usb-'));
    const dir = await stationAfterJourneys();
    const other = join(outDir, 'other.key');
    await new FileKeyProvider(other).loadOrCreateMasterKey();
    copyFileSync(other, join(dir, 'keys', 'master.key'));
    const out = join(outDir, 'diag.tar.gz');
    const r = await diag(dir, out);
    expect(r.code).toBe(1);
    expect(r.text).toContain('diag_records_unreadable');
    expect(r.text).toContain('没有生成');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('says how to use it without --out', async () => {
    outDir = mkdtempSync(join(tmpdir(), 'cunzhan-usb-'));
    const r = await diag(outDir, '');
    expect(r.code).toBe(2);
    expect(r.text).toContain('用法: cunzhan diag --out');
  });
});
