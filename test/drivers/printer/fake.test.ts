import { describe, expect, it } from 'vitest';
import { FakeReceiptPrinter } from '../../../drivers/printer/fake';
import { sampleReceipt } from './fixtures';

describe('FakeReceiptPrinter', () => {
  it('records receipts, fails once on request, and stays faulted while out of paper', async () => {
    const p = new FakeReceiptPrinter();
    expect((await p.printReceipt(sampleReceipt())).ok).toBe(false);
    await p.start();
    expect((await p.printReceipt(sampleReceipt())).ok).toBe(true);
    p.failNext('cover_open');
    expect(await p.printReceipt(sampleReceipt())).toMatchObject({ ok: false, error: { code: 'cover_open' } });
    p.setFault('paper_out');
    expect(p.status).toMatchObject({ state: 'fault', code: 'paper_out' });
    expect(await p.printReceipt(sampleReceipt())).toMatchObject({ ok: false, error: { code: 'paper_out' } });
    p.setFault(null);
    expect((await p.printReceipt(sampleReceipt({ reprint: true }))).ok).toBe(true);
    expect(p.printed.map((r) => r.reprint)).toEqual([false, true]);
  });
});
