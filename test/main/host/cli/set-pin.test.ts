import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSetPinCli } from '../../../../main/host/cli/set-pin';
import { resolvePaths } from '../../../../main/host/config';
import { startHost, type Host } from '../../../../main/host/host';
import { createLogger } from '../../../../main/host/logger';
import { isGuessablePin } from '../../../../main/host/set-pin';
import { AuditLog } from '../../../../main/services/audit-log';
import { openDatabase } from '../../../../main/store/database';

const dirs: string[] = [];
const hosts: Host[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function emptyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cunzhan-set-pin-'));
  dirs.push(dir);
  return join(dir, 'data');
}

async function setPin(dataDir: string, typed: string, argv: string[] = []) {
  const out: string[] = [];
  const errs: string[] = [];
  const code = await runSetPinCli(
    argv,
    { out: (l) => out.push(l), err: (l) => errs.push(l), readPin: () => Promise.resolve(`${typed}\n`) },
    { CUNZHAN_DATA_DIR: dataDir },
  );
  return { code, out, errs };
}

describe('cunzhan set-pin', () => {
  it('on an empty data folder writes only the PIN hash, audited; the terminal stays in provisioning and opens to that PIN', async () => {
    const dataDir = emptyFolder();
    const r = await setPin(dataDir, '482915');
    expect(r).toMatchObject({ code: 0, errs: [] });
    const file = join(dataDir, 'config.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(saved)).toEqual(['technician']);
    expect(JSON.stringify(saved)).not.toContain('482915');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const db = openDatabase(join(dataDir, 'cunzhan.db'));
    const entries = new AuditLog({ db, outbox: { enqueue: () => ({ seq: 0, txId: '' }) } }).entries();
    db.close();
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'config.write',
        object: 'config:technician',
        result: 'ok',
        actor: { role: 'technician', id: 'set-pin' },
      }),
    ]);

    const host = await startHost({
      paths: resolvePaths({ CUNZHAN_DATA_DIR: dataDir }),
      logger: createLogger({ level: 'fatal', dir: null }),
    });
    hosts.push(host);
    expect(host.mode).toBe('provisioning');
    expect(await host.dispatch('catalog.list', {})).toMatchObject({ ok: false, error: { code: 'not_provisioned' } });
    expect(await host.dispatch('tech.unlock', { pin: '000000' })).toMatchObject({ ok: false });
    const enrolmentQr = { source: 'camera', text: 'CZE1:x' };
    expect(await host.dispatch('scan.submit', enrolmentQr)).toMatchObject({ error: { code: 'not_provisioned' } });
    expect((await host.dispatch('tech.unlock', { pin: '482915' })).ok).toBe(true);
    // The wizard's camera reads the enrolment QR: the scan path opens to the technician only.
    expect((await host.dispatch('scan.submit', enrolmentQr)).ok).toBe(true);
    // The command's entry heads the kiosk's chain, unbroken; the kiosk seals it with its next block.
    expect(host.audit.verify().broken).toBeNull();
  });

  it('refuses a PIN on the command line and writes nothing', async () => {
    const dataDir = emptyFolder();
    const r = await setPin(dataDir, '', ['482915']);
    expect(r.code).toBe(2);
    expect(r.errs.join('')).toContain('不要把密码写在命令行上');
    expect(existsSync(join(dataDir, 'config.json'))).toBe(false);
  });

  it.each(['000000', '111111', '123456', '987654', '6543210', '12345', 'abc123'])('refuses %s', async (pin) => {
    const dataDir = emptyFolder();
    const r = await setPin(dataDir, pin);
    expect(r.code).toBe(2);
    expect(r.errs.join('')).toMatch(/太容易被猜到|6 到 12 位数字/);
    expect(existsSync(join(dataDir, 'config.json'))).toBe(false);
  });

  it('keeps every other key of an existing file and the old file as a backup', async () => {
    const dataDir = emptyFolder();
    await setPin(dataDir, '482915');
    const file = join(dataDir, 'config.json');
    const before = {
      ...JSON.parse(readFileSync(file, 'utf8')),
      station: { name: '桃源村便民服务站', regionCode: '430121100202' },
    };
    writeFileSync(file, JSON.stringify(before));
    expect((await setPin(dataDir, '736104')).code).toBe(0);
    const after = JSON.parse(readFileSync(file, 'utf8')) as typeof before;
    expect(after.station).toEqual(before.station);
    expect(after.technician.pinHash).not.toBe(before.technician.pinHash);
    expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8'))).toEqual(before);
  });

  it('refuses when the file is broken, leaving it as it was', async () => {
    const dataDir = emptyFolder();
    await setPin(dataDir, '482915');
    const file = join(dataDir, 'config.json');
    writeFileSync(file, '{"tecnician": {}}');
    const r = await setPin(dataDir, '736104');
    expect(r.code).toBe(2);
    expect(r.errs.join('')).toContain('tecnician');
    expect(readFileSync(file, 'utf8')).toBe('{"tecnician": {}}');
  });

  it('knows the first PINs anyone tries', () => {
    expect(['000000', '888888', '012345', '567890', '543210', '098765'].every(isGuessablePin)).toBe(true);
    expect(['482915', '736104', '135790'].some(isGuessablePin)).toBe(false);
  });
});
