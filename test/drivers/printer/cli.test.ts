import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../drivers/printer/cli';
import { EscPosSimulator } from '../../../drivers/sim/escpos-simulator';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('printer CLI', () => {
  it('status over TCP: ready, then paper end with exit code 1', async () => {
    const sim = await EscPosSimulator.listenTcp();
    cleanups.push(() => sim.close());
    const a = io();
    expect(await runCli(['status', '--tcp', `127.0.0.1:${sim.port}`], a.io)).toBe(0);
    expect(a.out.join('\n')).toContain('正常');
    sim.setPaperOut(true);
    const b = io();
    expect(await runCli(['status', '--tcp', `127.0.0.1:${sim.port}`], b.io)).toBe(1);
    expect(b.out.join('\n')).toContain('缺纸');
  });

  it('test-print over a serial pty with a preview PNG whose QR decodes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cz-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sim = await EscPosSimulator.onPty({ paperWidth: 80 });
    cleanups.push(() => sim.close());
    const png = join(dir, 'page.png');
    const r = io();
    const code = await runCli(
      ['test-print', '--port', sim.hostPath, '--baud', '115200', '--width', '80', '--preview', png],
      r.io,
    );
    expect(code).toBe(0);
    expect(r.out.join('\n')).toContain('test page printed');
    expect(sim.receipts).toHaveLength(1);
    expect(sim.receipts[0]!.lines[0]).toBe('打印机自检');
    expect(sim.receipts[0]!.barcodes).toEqual(['CZ-0001']);
    expect(existsSync(png)).toBe(true);
    const decoded = execFileSync('zbarimg', ['-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .sort();
    expect(decoded).toEqual(['CODE-128:CZ-0001', 'QR-Code:CUNZHAN-SELFTEST']);
  });

  it('a printer that is not there: test-print fails with a stable code', async () => {
    const r = io();
    expect(await runCli(['test-print', '--usb', '/nonexistent/lp9'], r.io)).toBe(1);
    expect(r.out.join('\n')).toContain('printer_disconnected');
  });

  it('usage errors exit 64', async () => {
    expect(await runCli([], io().io)).toBe(64);
    expect(await runCli(['status'], io().io)).toBe(64);
    expect(await runCli(['status', '--width', '70', '--tcp', 'x:1'], io().io)).toBe(64);
    expect(await runCli(['status', '--usb', '/dev/usb/lp0', '--tcp', 'x:1'], io().io)).toBe(64);
  });
});
