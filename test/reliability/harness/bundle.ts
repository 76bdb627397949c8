// Fault runs start hundreds of short-lived Node processes; through tsx each start costs ~0.5 s of
// transpiling. Bundling each entry point once per test run with esbuild (already installed as
// tsx's engine) brings a start down to ~0.1 s. Bundles go under node_modules/.cache so that the
// native better-sqlite3 module still resolves from them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { repoRoot } from '../netlab/node-in';

const outDir = join(repoRoot, 'node_modules', '.cache', 'cz-reliability');

/**
 * `placeAt`: a repository folder (e.g. main/host) to put the bundle at, relatively, so that
 * `new URL('../x', import.meta.url)` in code from that folder finds the files `assets` copies.
 * `packagesExternal`: leave every npm package to node_modules (native drivers, pino transports).
 */
export async function bundleEntry(
  entry: string,
  opts: { placeAt?: string; assets?: string[]; packagesExternal?: boolean } = {},
): Promise<string> {
  const dir = opts.placeAt ? join(outDir, opts.placeAt) : outDir;
  mkdirSync(dir, { recursive: true });
  // Bundles of earlier runs (named by their pid) are useless once that process is gone.
  for (const f of readdirSync(dir)) {
    const pid = Number(/-(\d+)\.mjs$/.exec(f)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(dir, f), { force: true });
  }
  for (const asset of opts.assets ?? []) {
    mkdirSync(dirname(join(outDir, asset)), { recursive: true });
    copyFileSync(join(repoRoot, asset), join(outDir, asset));
  }
  if (opts.placeAt)
    writeFileSync(
      join(outDir, 'package.json'),
      '{ "name": "cz-reliability-bundles", "version": "0.0.0", "private": true }\n',
    );
  const outfile = join(dir, `${basename(entry).replace(/\.ts$/, '')}-${process.pid}.mjs`);
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
    ...(opts.packagesExternal ? { packages: 'external' as const } : { external: ['better-sqlite3'] }),
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: {
      js: "import { createRequire as __czRequire } from 'node:module'; const require = __czRequire(import.meta.url);",
    },
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
