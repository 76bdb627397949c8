import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/contract';
import type { FoundDeviceView, SelfTestResultView } from '../../../main/contract/views';
import { resolvePaths } from '../../../main/host/config';
import { startHost, type Host } from '../../../main/host/host';
import { createLogger } from '../../../main/host/logger';
import { IdCardSimulator } from '../../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../../drivers/sim/pty-pair';
import { SAMPLE_CARDS } from '../../../drivers/sim/sample-cards';
import { startTempHost } from '../../helpers/temp-host';

// The wizard's host methods over the real dispatcher: locked until the technician PIN, device
// discovery on a simulated SAM, the configuration written atomically, self-tests on the demo
// devices, and the diagnostics bundle onto a "USB stick" under the media root only.

let root: string;
let host: Host;
let pair: PtyPair;
let sim: IdCardSimulator;
const restarts: number[] = [];
const conn = { connectionId: 'wizard-1' };
const call = async <T = unknown>(method: string, args: unknown = {}) =>
  (await host.dispatch(method, args, conn)) as ApiResult<T>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cunzhan-wizard-host-'));
  for (const d of ['data', 'by-id', 'usb', 'proc', 'media/usb-stick']) mkdirSync(join(root, d), { recursive: true });
  pair = await PtyPair.open();
  sim = new IdCardSimulator({ pair });
  await sim.open();
  symlinkSync(pair.hostPath, join(root, 'by-id', 'usb-Synjones_SAM_Reader-if00-port0'));
  host = await startHost({
    paths: resolvePaths({ CUNZHAN_DATA_DIR: join(root, 'data') }),
    logger: createLogger({ level: 'warn', dir: null, stream: new Writable({ write: (_c, _e, cb) => cb() }) }),
    configOverride: (c) => ({
      ...c,
      demo: true,
      devices: { idcard: { kind: 'fake' }, printer: { kind: 'fake' }, scanner: { kind: 'fake' } },
    }),
    deviceDirs: { serialById: join(root, 'by-id'), usbPrinters: join(root, 'usb'), proc: join(root, 'proc') },
    mediaRoot: join(root, 'media'),
    onRestartRequested: () => restarts.push(Date.now()),
  });
}, 30_000);
afterAll(async () => {
  await host.close();
  await sim.close();
  await pair.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the wizard’s host methods', () => {
  it('answers unauthorized before the technician PIN', async () => {
    for (const [m, a] of [
      ['tech.discover', {}],
      ['tech.saveSetup', { stationName: '桃源村便民服务站', regionCode: '430121100201', devices: {} }],
      ['tech.selfTest', { test: 'print' }],
      ['tech.diagExport', { mount: join(root, 'media', 'usb-stick') }],
      ['tech.restart', {}],
    ] as const)
      expect(await call(m, a), m).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await call('tech.unlock', { pin: '000000' })).toMatchObject({ ok: true });
  });

  it('discovers the simulated SAM reader and saves it with the station details', async () => {
    const found = await call<{ devices: FoundDeviceView[] }>('tech.discover', {});
    if (!found.ok) throw new Error(JSON.stringify(found));
    const [reader] = found.value.devices;
    expect(reader).toMatchObject({ role: 'idcard', state: 'ok', config: { kind: 'serial', baudRate: 115200 } });
    const saved = await call<{ changed: string[]; restartNeeded: boolean }>('tech.saveSetup', {
      stationName: '桃源村便民服务站',
      regionCode: '430121100201',
      hotline: '0731-84001234',
      devices: { idcard: reader!.config },
    });
    expect(saved).toEqual({ ok: true, value: { changed: ['devices', 'station'], restartNeeded: true } });
    const file = JSON.parse(readFileSync(join(root, 'data', 'config.json'), 'utf8')) as {
      station: { name: string };
      devices: { idcard: { port: string } };
    };
    expect(file.station.name).toBe('桃源村便民服务站');
    expect(file.devices.idcard.port).toContain('usb-Synjones_SAM_Reader');
    expect(host.audit.entries().some((e) => e.action === 'config.write' && e.result === 'ok')).toBe(true);
  }, 30_000);

  it('refuses a device setting that is not valid, naming it, and keeps the file', async () => {
    const before = readFileSync(join(root, 'data', 'config.json'), 'utf8');
    const r = await call('tech.saveSetup', {
      stationName: '桃源村便民服务站',
      regionCode: '430121100201',
      devices: { idcard: { kind: 'serial', port: '/dev/ttyUSB0', baudRate: 12345 } },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'setup_failed', message: expect.stringContaining('devices.idcard') },
    });
    expect(readFileSync(join(root, 'data', 'config.json'), 'utf8')).toBe(before);
  });

  it('runs the card, print and scan self-tests on the devices', async () => {
    const card = call<SelfTestResultView>('tech.selfTest', { test: 'card' });
    await new Promise((r) => setTimeout(r, 50));
    await call('demo.placeCard', { id: SAMPLE_CARDS[0]!.id });
    const cardResult = await card;
    expect(cardResult).toMatchObject({
      ok: true,
      value: { passed: true, detail: expect.stringMatching(/^李\*范 4301\*{10}/) },
    });
    expect(JSON.stringify(cardResult)).not.toContain(SAMPLE_CARDS[0]!.card.idNumber);
    // The technician's own card opened no villager session.
    expect(await call('session.current')).toEqual({ ok: true, value: null });
    await call('demo.removeCard');

    expect(await call('tech.selfTest', { test: 'print' })).toEqual({
      ok: true,
      value: { passed: true, detail: '测试回执已打印' },
    });
    const printed = await call<{ transcript: string }>('demo.lastReceipt');
    const code = /CZT1:[0-9A-F]{12}/.exec(JSON.stringify(printed))?.[0];
    expect(code).toBeDefined();
    const scan = call<SelfTestResultView>('tech.selfTest', { test: 'scan' });
    await new Promise((r) => setTimeout(r, 50));
    await call('demo.scan', { text: code });
    expect(await scan).toMatchObject({ ok: true, value: { passed: true } });
  }, 60_000);

  it('exports the diagnostics bundle onto the stick, and nowhere outside the media root', async () => {
    const stick = join(root, 'media', 'usb-stick');
    const r = await call<{ file: string; redacted: number }>('tech.diagExport', { mount: stick });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(readdirSync(stick)).toEqual([expect.stringMatching(/^cunzhan-diag-\d{8}-\d{6}\.tar\.gz$/)]);
    const text = gunzipSync(readFileSync(r.value.file)).toString('utf8');
    expect(text).toContain('"schema_version"');
    expect(text).not.toContain(SAMPLE_CARDS[0]!.card.idNumber);
    expect(text).not.toContain(SAMPLE_CARDS[0]!.card.name);
    expect(await call('tech.diagExport', { mount: join(root, 'data') })).toMatchObject({
      ok: false,
      error: { code: 'diag_failed' },
    });
    expect(existsSync(join(root, 'data', 'cunzhan-diag'))).toBe(false);
  }, 30_000);

  it('重启终端 answers first, then asks the process around the host to restart it, once, audited', async () => {
    expect(await call('tech.restart', {})).toEqual({ ok: true, value: { restarting: true } });
    expect(restarts).toEqual([]);
    expect(await call('tech.restart', {})).toEqual({ ok: true, value: { restarting: true } });
    await new Promise((r) => setTimeout(r, 400));
    expect(restarts).toHaveLength(1);
    expect(host.audit.entries().filter((e) => e.action === 'terminal.restart')).toHaveLength(2);
  });

  it('a host nobody can restart says to switch the terminal off and on', async () => {
    const lone = await startTempHost();
    try {
      await lone.dispatch('tech.unlock', { pin: '000000' }, conn);
      expect(await lone.dispatch('tech.restart', {}, conn)).toMatchObject({
        ok: false,
        error: { code: 'service_unavailable', message: expect.stringContaining('关机再开机') },
      });
    } finally {
      await lone.cleanup();
    }
  });
});
