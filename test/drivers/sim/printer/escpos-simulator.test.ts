import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../../drivers/printer/receipt-encoder';
import { EscPosSimulator } from '../../../../drivers/sim/escpos-simulator';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('EscPosSimulator', () => {
  it('writes each receipt PNG to its output directory and announces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cz-sim-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sim = await EscPosSimulator.listenTcp({ outputDir: dir });
    cleanups.push(() => sim.close());
    const next = sim.waitForReceipt(5000);
    const socket = connect(sim.port, '127.0.0.1');
    cleanups.push(() => void socket.destroy());
    socket.write(
      encodeReceipt([{ kind: 'text', text: '你好', align: 'center' }], { paperWidth: 58, fontCoverage: 'gbk' }).bytes,
    );
    const r = await next;
    expect(r.lines).toEqual(['你好']);
    expect(r.pngPath).toBe(join(dir, 'receipt-0001.png'));
    expect(existsSync(r.pngPath!)).toBe(true);
    expect(readFileSync(r.pngPath!).subarray(1, 4).toString()).toBe('PNG');
  });

  it('answers DLE EOT even while out of paper, and the held job prints once paper is back', async () => {
    const sim = await EscPosSimulator.listenTcp();
    cleanups.push(() => sim.close());
    sim.setPaperOut(true);
    const socket = connect(sim.port, '127.0.0.1');
    cleanups.push(() => void socket.destroy());
    const answers: number[] = [];
    socket.on('data', (d) => answers.push(...d));
    socket.write(
      encodeReceipt([{ kind: 'text', text: '保留', align: 'left' }], { paperWidth: 58, fontCoverage: 'gbk' }).bytes,
    );
    socket.write(Buffer.from([0x10, 0x04, 0x04]));
    while (answers.length < 1) await new Promise((r) => setTimeout(r, 10));
    expect(answers[0]).toBe(0x7e);
    expect(sim.receipts).toHaveLength(0);
    const next = sim.waitForReceipt(2000);
    sim.setPaperOut(false);
    expect((await next).lines).toEqual(['保留']);
  });
});
