import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTerminalSyncCli } from '../../../../main/host/cli/sync';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runTerminalSyncCli(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) }, env);
  return { code, lines };
}

describe('technician sync CLI guards', () => {
  it('refuses a PIN shorter than six digits', async () => {
    const short = await run(['tech-pin', '24680']);
    expect(short.code).not.toBe(0);
    expect(short.lines.join('\n')).toContain('6到12位数字');
    expect((await run(['tech-pin', '246802'])).code).toBe(0);
  });

  it('does not enrol a demo terminal with a platform off this machine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunzhan-cli-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ demo: true }));
    const r = await run(
      [
        'enrol',
        '--platform',
        'https://platform.example.gov.cn',
        '--code',
        'ABCD-1234',
        '--region',
        '430121100202',
        '--name',
        '样板村',
      ],
      { CUNZHAN_DATA_DIR: dir },
    );
    expect(r.code).toBe(1);
    expect(r.lines.join('\n')).toContain('演示终端只能注册到本机的演示平台');
  });
});
