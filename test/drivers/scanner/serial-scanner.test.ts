import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../drivers/common/status';
import type { ScannedCode } from '../../../drivers/scanner/scan-source';
import { SerialScanner } from '../../../drivers/scanner/serial-scanner';
import { SerialScannerSim } from '../../../drivers/sim/scanner-serial';

function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('SerialScanner over a socat pty', () => {
  let sim: SerialScannerSim | undefined;
  let scanner: SerialScanner | undefined;
  afterEach(async () => {
    await scanner?.stop();
    await sim?.stop();
    scanner = undefined;
    sim = undefined;
  });

  async function setup(interByteTimeoutMs = 100): Promise<{ scans: ScannedCode[]; statuses: DeviceStatus[] }> {
    sim = await SerialScannerSim.start();
    scanner = new SerialScanner({ port: sim.devicePath, baudRate: 115200, reconnectMs: 50, interByteTimeoutMs });
    const scans: ScannedCode[] = [];
    const statuses: DeviceStatus[] = [];
    scanner.on('scan', (s) => scans.push(s));
    scanner.on('status', (s) => statuses.push(s));
    await scanner.start();
    return { scans, statuses };
  }

  it('frames codes on CR LF, CR or LF and decodes UTF-8 and GBK', async () => {
    const { scans } = await setup();
    expect(scanner!.status).toEqual({ state: 'ready' });
    await sim!.scan('CZR1:430121-20260115-0007');
    await sim!.scan(iconv.encode('村级便民服务站:张三', 'gbk'), '\r');
    await sim!.scan('6901234567892', '\n');
    await sim!.scan('带\u001b控制\u0007字符');
    await until(() => scans.length === 4);
    expect(scans).toEqual([
      { source: `serial:${sim!.devicePath}`, text: 'CZR1:430121-20260115-0007', encoding: 'utf-8', mode: 'serial' },
      { source: `serial:${sim!.devicePath}`, text: '村级便民服务站:张三', encoding: 'gb18030', mode: 'serial' },
      { source: `serial:${sim!.devicePath}`, text: '6901234567892', encoding: 'utf-8', mode: 'serial' },
      { source: `serial:${sim!.devicePath}`, text: '带控制字符', encoding: 'utf-8', mode: 'serial' },
    ]);
  });

  it('ends a code without suffix after the inter-byte timeout', async () => {
    const { scans } = await setup(60);
    await sim!.scan('NOSUFFIX', '');
    await until(() => scans.length === 1);
    expect(scans[0]!.text).toBe('NOSUFFIX');
  });

  it('goes disconnected on unplug and reconnects on replug', async () => {
    const { scans, statuses } = await setup();
    await sim!.unplug();
    await until(() => scanner!.status.state === 'disconnected');
    await sim!.replug();
    await until(() => scanner!.status.state === 'ready');
    await sim!.scan('CZR1:AFTER-REPLUG');
    await until(() => scans.length === 1);
    expect(scans[0]!.text).toBe('CZR1:AFTER-REPLUG');
    expect(statuses.map((s) => s.state)).toEqual(['ready', 'disconnected', 'ready']);
  });

  it('keeps retrying a port that does not exist yet', async () => {
    scanner = new SerialScanner({ port: '/nonexistent/ttyACM9', baudRate: 9600, reconnectMs: 50 });
    await scanner.start();
    expect(scanner.status).toEqual({ state: 'disconnected' });
  });
});
