import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeLaunchFiles } from '../../../main/host/transports/launch-files';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('kiosk launch files', () => {
  it('replaces a planted link instead of writing the token through it, and tightens the folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'cunzhan-launchfiles-'));
    dirs.push(root);
    const dir = join(root, 'kiosk');
    mkdirSync(dir, { mode: 0o755 });
    const victim = join(root, 'victim.txt');
    writeFileSync(victim, 'untouched', { mode: 0o644 });
    symlinkSync(victim, join(dir, 'kiosk-token'));
    const files = writeLaunchFiles(dir, 'tok3n', 'http://127.0.0.1:1234/#token=tok3n');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(files.tokenFile).isSymbolicLink()).toBe(false);
    expect(lstatSync(files.tokenFile).mode & 0o777).toBe(0o600);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(files.tokenFile, 'utf8')).toBe('tok3n\n');
    files.remove();
    expect(() => lstatSync(files.launchFile)).toThrow();
  });
});
