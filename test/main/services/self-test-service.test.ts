import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeIdCardReader } from '../../../drivers/idcard/fake';
import { EscPosPrinter } from '../../../drivers/printer/driver';
import { FakeScanner } from '../../../drivers/scanner/fake';
import { ScannerHub } from '../../../drivers/scanner/hub';
import { EscPosSimulator } from '../../../drivers/sim/escpos-simulator';
import { SAMPLE_CARDS } from '../../../drivers/sim/sample-cards';
import { identityFromSample } from '../../../main/host/devices';
import type { AuditEvent } from '../../../main/services/audit-port';
import { SelfTestService, TEST_CODE_PREFIX } from '../../../main/services/self-test-service';

let sim: EscPosSimulator;
let printer: EscPosPrinter;
let reader: FakeIdCardReader;
let scanner: FakeScanner;
let hub: ScannerHub;
let audited: AuditEvent[];
let tests: SelfTestService;

beforeEach(async () => {
  sim = await EscPosSimulator.listenTcp({ fontCoverage: 'gbk' });
  printer = new EscPosPrinter({
    transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port },
    rasterFontPath: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    statusTimeoutMs: 300,
    jobTimeoutMs: 3000,
    reconnectMs: 100,
  });
  await printer.start();
  reader = new FakeIdCardReader();
  await reader.start();
  scanner = new FakeScanner('hid:0c2e:0b61');
  hub = new ScannerHub({ repeatWindowMs: 0 });
  hub.add('hid', scanner);
  await scanner.start();
  audited = [];
  tests = new SelfTestService({
    idcard: reader,
    printer,
    scanners: hub,
    station: { name: '样板村便民服务站', regionCode: '430121100202', hotline: '12345' },
    audit: { record: (e) => audited.push(e) },
  });
});
afterEach(async () => {
  await printer.stop();
  await sim.close();
});

describe('technician self-tests', () => {
  it('reads the technician’s own card and shows it masked only', async () => {
    const card = identityFromSample(SAMPLE_CARDS[0]!.card);
    const pending = tests.readCard(5000);
    reader.placeCard(card);
    const r = await pending;
    expect(r).toEqual({
      ok: true,
      value: { maskedName: '李*范', maskedIdNumber: expect.stringMatching(/^4301\*{10}\d{3}[\dX]$/) },
    });
    expect(JSON.stringify(r)).not.toContain(card.idNumber);
    expect(audited.at(-1)).toMatchObject({ action: 'selftest.run', object: 'selftest:card', result: 'ok' });
  });

  it('no card on the reader: card_not_present with what to do', async () => {
    const r = await tests.readCard(50);
    expect(r).toMatchObject({ ok: false, error: { code: 'card_not_present' } });
    if (!r.ok) expect(r.error.fix).toContain('读卡测试');
  });

  it('prints a test receipt whose QR the scanner then reads back', async () => {
    const printed = await tests.printTest();
    if (!printed.ok) throw new Error(JSON.stringify(printed));
    expect(printed.value.code.startsWith(TEST_CODE_PREFIX)).toBe(true);
    const receipt = sim.receipts.at(-1)!;
    expect(receipt.qrContents).toEqual([printed.value.code]);
    expect(receipt.png.subarray(1, 4).toString()).toBe('PNG');
    expect(receipt.lines.join('\n')).toContain('设备自检测试回执');
    const back = tests.scanBack('scanner', 5000);
    scanner.scan(printed.value.code);
    expect(await back).toEqual({ ok: true, value: { source: 'hid:0c2e:0b61' } });
  }, 20_000);

  it('a scanner typing with a non-US keyboard layout: how to switch it to HID POS', async () => {
    const printed = await tests.printTest();
    if (!printed.ok) throw new Error(JSON.stringify(printed));
    const back = tests.scanBack('scanner', 5000);
    // A German layout swaps Y and Z and types the colon as Ö.
    scanner.scan(printed.value.code.replace(':', 'Ö').replaceAll('Z', 'Y'));
    const r = await back;
    expect(r).toMatchObject({ ok: false, error: { code: 'scanner_keyboard_layout' } });
    if (!r.ok) expect(r.error.fix).toContain('USB HID-POS');
  }, 20_000);

  it('paper out: printer_paper_out and the roll to load', async () => {
    sim.setPaperOut(true);
    const r = await tests.printTest();
    expect(r).toMatchObject({ ok: false, error: { code: 'printer_paper_out' } });
    if (!r.ok) expect(r.error.fix).toContain('热敏纸');
    expect(audited.at(-1)).toMatchObject({ object: 'selftest:print', result: 'printer_paper_out' });
  }, 20_000);

  it('nothing scanned in time: scanner_no_read', async () => {
    const printed = await tests.printTest();
    expect(printed.ok).toBe(true);
    expect(await tests.scanBack('scanner', 50)).toMatchObject({ ok: false, error: { code: 'scanner_no_read' } });
  }, 20_000);

  it('the camera test takes the test receipt’s code only', async () => {
    expect(tests.checkCameraCode('CZT1:000000000000')).toMatchObject({ ok: false, error: { code: 'camera_no_read' } });
    const printed = await tests.printTest();
    if (!printed.ok) throw new Error(JSON.stringify(printed));
    expect(tests.checkCameraCode('CZE1:eyJwbGF0Zm9ybSI6Imh0dHBzOi8veCJ9')).toMatchObject({
      ok: false,
      error: { code: 'camera_no_read', fix: expect.stringContaining('摄像头') },
    });
    expect(tests.checkCameraCode(printed.value.code)).toEqual({ ok: true, value: { source: 'camera' } });
    expect(audited.at(-1)).toMatchObject({ object: 'selftest:scan_camera', result: 'ok' });
  }, 20_000);
});
