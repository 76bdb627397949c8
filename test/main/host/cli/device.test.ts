import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDeviceCli } from '../../../../main/host/cli/device';

const dir = mkdtempSync(join(tmpdir(), 'cunzhan-devcli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('npm run device', () => {
  it('explains its usage for an unknown device', async () => {
    const t = io();
    expect(await runDeviceCli(['toaster'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('idcard|printer|scanner');
  });

  it('dispatches to each driver: a printer preview renders a PNG', async () => {
    const t = io();
    const png = join(dir, 'preview.png');
    expect(await runDeviceCli(['printer', 'test-print', '--preview', png], t.io)).toBe(0);
    expect(existsSync(png)).toBe(true);
  });

  it('dispatches to each driver: a missing reader port is one clear error', async () => {
    const t = io();
    expect(await runDeviceCli(['idcard', 'read', '--port', join(dir, 'no-such-tty')], t.io)).not.toBe(0);
    expect(t.err.join('\n')).toMatch(/port_missing/);
  });
});
