import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../../main/host/config';
import { deriveKeys, FieldCipher } from '../../../main/store/field-cipher';
import { FileKeyProvider } from '../../../main/store/key-provider';
import { saveIdentity } from '../../../sync/enrol/identity';
import { saveStation } from '../../../main/store/station-store';
import { generateEd25519KeyPair, publicKeyToSpkiBase64 } from '../../../sync/protocol/keys';
import { startHost, type Host } from '../../../main/host/host';
import { createLogger } from '../../../main/host/logger';

const running: Host[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const host of running.splice(0)) await host.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A host exactly as a fresh install starts it: no overrides, optionally a config file. */
async function freshHost(
  configFile?: object,
  dir = mkdtempSync(join(tmpdir(), 'cunzhan-mode-')),
  logLines: string[] = [],
): Promise<Host> {
  dirs.push(dir);
  if (configFile) writeFileSync(join(dir, 'config.json'), JSON.stringify(configFile));
  const host = await startHost({
    paths: resolvePaths({ CUNZHAN_DATA_DIR: dir }),
    logger: createLogger({
      level: 'warn',
      dir: null,
      stream: new Writable({
        write: (c, _e, cb) => {
          logLines.push(String(c));
          cb();
        },
      }),
    }),
  });
  running.push(host);
  return host;
}

describe('terminal mode (fail closed)', () => {
  it('starts a terminal without configuration in provisioning: villager calls refused, no demo, no default PIN', async () => {
    const host = await freshHost();
    expect(host.mode).toBe('provisioning');
    expect(await host.dispatch('system.info', {})).toMatchObject({
      ok: true,
      value: { demo: false, mode: 'provisioning' },
    });
    for (const [method, args] of [
      ['catalog.list', {}],
      ['session.current', {}],
      ['tx.progress', { localNumber: '430121-20260115-0007' }],
      ['scan.submit', { source: 'camera', text: 'x' }],
      ['evaluation.reasons', {}],
      ['evaluation.submit', { localNumber: '1234-5678-9012', level: 5, reasons: [] }],
      ['myApplications.list', {}],
    ] as const) {
      expect(await host.dispatch(method, args)).toMatchObject({
        ok: false,
        error: { code: 'not_provisioned', message: expect.stringContaining('请联系技术员') },
      });
    }
    expect(await host.dispatch('demo.cards', {})).toMatchObject({ ok: false, error: { code: 'not_demo' } });
    expect(await host.dispatch('tech.unlock', { pin: '000000' })).toMatchObject({
      ok: false,
      error: { code: 'tech_pin_not_set' },
    });
    // The technician path stays open: the device and sync pages answer.
    expect((await host.dispatch('devices.status', {})).ok).toBe(true);
  });

  it('serves villagers once a configuration file exists, still not as a demo', async () => {
    const host = await freshHost({ station: { name: '样板村便民服务站', regionCode: '430121100202' } });
    expect(host.mode).toBe('station');
    expect((await host.dispatch('catalog.list', {})).ok).toBe(true);
    expect(await host.dispatch('demo.placeCard', { id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_demo' },
    });
    expect(await host.dispatch('tech.unlock', { pin: '000000' })).toMatchObject({ ok: false });
  });

  it('stays in provisioning with a file that does not name the station (PIN, devices, knobs only)', async () => {
    const host = await freshHost({ log: { level: 'warn' }, ui: { idleTimeoutSec: 120 } });
    expect(host.mode).toBe('provisioning');
    expect(await host.dispatch('catalog.list', {})).toMatchObject({ ok: false, error: { code: 'not_provisioned' } });
    const half = await freshHost({ station: { name: '样板村便民服务站' } });
    expect(half.mode).toBe('provisioning');
  });

  it("serves villagers once enrolment stored the county's station details, even without them in the file", async () => {
    const first = await freshHost({ log: { level: 'warn' } });
    const dir = first.paths.dataDir;
    saveStation(first.db, { name: '样板村便民服务站', regionCode: '430121100202', hotline: '12345' });
    await first.close();
    running.splice(running.indexOf(first), 1);
    const again = await freshHost(undefined, dir);
    expect(again.mode).toBe('station');
    expect(again.config.station.name).toBe('样板村便民服务站');
  });

  it('is a demo only when asked for it', async () => {
    const host = await freshHost({ demo: true });
    expect(host.mode).toBe('demo');
    expect(await host.dispatch('system.info', {})).toMatchObject({ ok: true, value: { demo: true, mode: 'demo' } });
  });

  it('a demo terminal enrolled with a remote platform does not sync', async () => {
    const first = await freshHost({ demo: true });
    const dir = first.paths.dataDir;
    const master = await new FileKeyProvider(first.paths.keyFile).loadOrCreateMasterKey();
    const platformKey = generateEd25519KeyPair();
    const deviceKey = generateEd25519KeyPair();
    saveIdentity(first.db, new FieldCipher(deriveKeys(master).dataKey), {
      deviceId: 'dev-1',
      platformUrl: 'https://platform.example.gov.cn',
      platformPublicKey: publicKeyToSpkiBase64(platformKey.publicKey),
      publicKeySpki: publicKeyToSpkiBase64(deviceKey.publicKey),
      privateKey: deviceKey.privateKey,
      serverTime: new Date().toISOString(),
      deviceTime: new Date().toISOString(),
    });
    await first.close();
    running.splice(running.indexOf(first), 1);
    const logLines: string[] = [];
    const again = await freshHost(undefined, dir, logLines);
    expect(again.mode).toBe('demo');
    expect(again.sync.platformUrl()).toBe('https://platform.example.gov.cn');
    expect(logLines.some((l) => l.includes('demo_sync_refused'))).toBe(true);
  });

  it('refuses to start on a misspelt key', async () => {
    await expect(freshHost({ demo: false, tecnician: {} })).rejects.toThrow(/未知的配置项 tecnician/);
  });
});
