// Issue 10 item 10, second half: the data folder fills up. The host runs on a small tmpfs that the
// test mounts (root is needed, as for the weak-link lab; without it the test fails saying so).
// Filling it makes saving answer `disk_full` with a plain-Chinese message and write nothing;
// everything saved before stays intact (integrity_check, every row readable); once space is
// freed the same screen's retry (same requestId) and new journeys save again.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../main/host/logger';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { startTempHost } from '../helpers/temp-host';
import { runJourney } from './harness/journey';
import { stableUuid } from './harness/payloads';
import { createRng } from './harness/rng';

const mountPoint = mkdtempSync(join(tmpdir(), 'cz-diskfull-'));
let mounted = false;
let host: Awaited<ReturnType<typeof startTempHost>> | undefined;

function fill(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16 * 1024, 0x5a);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return written;
}

describe('a data folder that fills up', () => {
  beforeAll(() => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(
        `this test mounts a 4 MB tmpfs as the data folder and needs root (CI runs as root): ${(e as Error).message}`,
      );
    }
    mounted = true;
  });
  afterAll(async () => {
    await host?.cleanup().catch(() => undefined);
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    rmdirSync(mountPoint);
  });

  it('says so in plain Chinese, damages nothing saved, and saves again once space returns', async () => {
    host = await startTempHost((c) => c, { dataDir: mountPoint });
    const dispatch = host.dispatch;
    const api = {
      invoke: (m: string, a: unknown) => dispatch(m, a),
      subscribe: () => () => undefined,
    } as unknown as KioskApi;

    const saved: string[] = [];
    let n = 0;
    const journey = async (requestId = stableUuid(1, n, 'request')) => {
      const r = await runJourney(api, createRng(1000 + n++), requestId);
      if (r.saved) saved.push(r.txId);
      return { r, requestId };
    };
    for (let i = 0; i < 5; i++) expect((await journey()).r.saved).toBe(true);

    const filler = join(mountPoint, 'filler.bin');
    expect(fill(filler)).toBeGreaterThan(0);
    // SQLite may still have room in pages and WAL frames it already owns: save until it has none.
    let full: Awaited<ReturnType<typeof journey>> | undefined;
    for (let i = 0; i < 300 && !full; i++) {
      const j = await journey();
      if (!j.r.saved) full = j;
    }
    expect(full, 'saving never hit the full disk').toBeDefined();
    expect(full!.r).toMatchObject({ saved: false, step: 'tx.submit', code: 'disk_full' });
    expect(zhCN.errors.disk_full).toMatch(/存储空间满了.*没有保存/);
    if (!full!.r.saved) expect(full!.r.message).toMatch(/存储空间满了/);

    // Nothing saved before is damaged, and nothing of the failed save was written.
    const db = host.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const txId of saved) {
      expect(db.prepare('SELECT count(*) AS n FROM transactions WHERE tx_id = ?').get(txId)).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM sync_outbox WHERE tx_id = ?').get(txId)).toEqual({ n: 1 });
    }
    expect(db.prepare('SELECT count(*) AS n FROM transactions WHERE request_id = ?').get(full!.requestId)).toEqual({
      n: 0,
    });
    expect(db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: saved.length });
    const progress = await dispatch('tx.progress', {
      localNumber: (db.prepare('SELECT local_number FROM transactions LIMIT 1').get() as { local_number: string })
        .local_number,
    });
    expect(progress.ok).toBe(true);

    // Space returns: the same screen's retry saves, and so do new journeys.
    unlinkSync(filler);
    const retried = await journey(full!.requestId);
    expect(retried.r.saved).toBe(true);
    for (let i = 0; i < 3; i++) expect((await journey()).r.saved).toBe(true);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: saved.length });
  }, 120_000);

  it('the host keeps running when its log files can no longer be written (it used to crash at the next log line)', async () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    const log = createLogger({ level: 'info', dir: join(mountPoint, 'logs'), maxSizeMb: 1, keepFiles: 2 });
    log.info({ event: 'before' }, 'before the disk is full');
    await new Promise((r) => setTimeout(r, 300));
    const filler = join(mountPoint, 'filler.bin');
    fill(filler);
    for (let i = 0; i < 2000; i++) log.info({ event: 'after', i }, `the disk is full ${'x'.repeat(100)}`);
    await vi.waitFor(
      () => expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('log files cannot be written'),
      { timeout: 5_000 },
    );
    stderr.mockRestore();
    unlinkSync(filler);
  }, 30_000);
});
