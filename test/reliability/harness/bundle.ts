// Fault runs start hundreds of short-lived Node processes; through tsx each start costs ~0.5 s of
// transpiling. Bundling each entry point once per test run with esbuild (already installed as
// tsx's engine) brings a start down to ~0.1 s. Bundles go under node_modules/.cache so that the
// native better-sqlite3 module still resolves from them.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot } from '../netlab/node-in';

const outDir = join(repoRoot, 'node_modules', '.cache', 'cz-reliability');

export async function bundleEntry(entry: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  // Bundles of earlier runs (named by their pid) are useless once that process is gone.
  for (const f of readdirSync(outDir)) {
    const pid = Number(/-(\d+)\.mjs$/.exec(f)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(outDir, f), { force: true });
  }
  const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // No inline source map: parsing it would cost every one of the hundreds of process starts.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    logLevel: 'error',
    external: ['better-sqlite3'],
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import { createRequire as __czRequire } from 'node:module'; const require = __czRequire(import.meta.url);" },
  });
  return outfile;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
