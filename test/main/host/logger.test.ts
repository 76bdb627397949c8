import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText } from '../../../main/host/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _e, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', dir: null, stream }) };
}

describe('logging redaction', () => {
  it('never writes ID numbers, names, addresses or phones, whatever the caller passes', () => {
    const { lines, logger } = capture();
    logger.info(
      { name: '李示范', idNumber: '430121194803150017', address: '湖南省长沙县示例镇', phone: '13800001234' },
      'read',
    );
    logger.info({ nested: { deeper: { applicant: { name: '王测试' } }, list: ['43012119480315001X'] } }, 'nested');
    logger.warn('villager 430121194803150017 phoned from 13912345678');
    logger.error({ err: new Error('bad card 430121194803150017') }, 'failed');
    logger.info({ payload: { values: { phone: '13800001234' } } }, 'payload');
    const out = lines.join('');
    for (const secret of [
      '李示范',
      '王测试',
      '430121194803150017',
      '43012119480315001X',
      '13800001234',
      '13912345678',
      '湖南省长沙县示例镇',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[已隐藏]');
    expect(out).toContain('[身份证号已隐藏]');
  });

  it('leaves harmless numbers alone', () => {
    expect(scrubText('seq 42 batch 1234567 took 350 ms')).toBe('seq 42 batch 1234567 took 350 ms');
  });
});

describe('rotated log files', () => {
  it('rolls over at the configured size and keeps a bounded number of files, still redacted', async () => {
    const { mkdtempSync, readdirSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'cunzhan-logs-'));
    try {
      const logger = createLogger({ level: 'info', dir, maxSizeMb: 2 / 1024, keepFiles: 2 });
      for (let i = 0; i < 60; i++) {
        logger.info({ i, idNumber: '430121194803150017', filler: 'x'.repeat(100) }, 'line');
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      await new Promise((r) => setTimeout(r, 300));
      const files = readdirSync(dir).filter((f) => f.startsWith('cunzhan'));
      expect(files.length).toBeGreaterThan(1);
      expect(files.length).toBeLessThanOrEqual(3);
      const all = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
      expect(all).toContain('"msg":"line"');
      expect(all).not.toContain('430121194803150017');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
