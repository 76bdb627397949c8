import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands, dispatch, usage } from '../../../../main/host/cli/cunzhan';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cz-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('cunzhan field command', () => {
  it('lists every command with a Chinese summary, and exits 2 without one', async () => {
    const c = capture();
    expect(await dispatch([], c.io, {})).toBe(2);
    expect(c.err[0]).toMatch(/^用法: cunzhan <命令>/);
    for (const name of Object.keys(commands)) expect(c.err.some((l) => l.trimStart().startsWith(name))).toBe(true);
    expect(usage()).toEqual(c.err);
    const h = capture();
    expect(await dispatch(['help'], h.io, {})).toBe(0);
    expect(h.out).toEqual(usage());
  });

  it('names an unknown command instead of guessing, including inherited object keys', async () => {
    for (const name of ['frobnicate', 'constructor', '__proto__', 'toString']) {
      const c = capture();
      expect(await dispatch([name], c.io, {})).toBe(2);
      expect(c.err[0]).toBe(`没有这个命令：${name}`);
    }
  });

  it('hands the rest of the arguments to the device tools', async () => {
    const c = capture();
    expect(await dispatch(['device', 'nosuchdevice'], c.io, {})).toBe(2);
    expect(c.err.join('\n')).toMatch(/idcard\|printer\|scanner/);
  });

  it('hands the arguments and the environment to the sync tools', async () => {
    const c = capture();
    expect(await dispatch(['sync', 'tech-pin', '123456'], c.io, { CUNZHAN_DATA_DIR: dataDir })).toBe(0);
    expect(c.out[1]).toMatch(/^scrypt\$/);
    const bad = capture();
    expect(await dispatch(['sync', 'tech-pin', '12'], bad.io, { CUNZHAN_DATA_DIR: dataDir })).toBe(2);
  });
});
