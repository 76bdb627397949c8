// Compiles tunlink.c once per source version. A C program because Node cannot issue the
// TUNSETIFF ioctl, and cc is on every build machine; the compiled binary is cached in the temp
// dir under the source's hash, so parallel test workers share it and never see a half-written file.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = join(dirname(fileURLToPath(import.meta.url)), 'tunlink.c');

export function forwarderBinary(): string {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'cz-netlab-bin');
  const binary = join(dir, `tunlink-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  const compiler = ['cc', 'gcc', 'clang'].find((c) => {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!compiler) throw new Error('netlab: no C compiler (cc, gcc or clang) found to build the TUN forwarder');
  execFileSync(compiler, ['-O2', '-Wall', '-o', partial, source], { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(partial, binary);
  return binary;
}
