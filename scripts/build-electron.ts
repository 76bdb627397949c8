/**
 * Builds the Electron layer to dist/ with esbuild:
 * - dist/main/electron/main.js        Electron main (ESM; everything bundled except electron)
 * - dist/main/electron/preload.cjs    sandboxed preload (CommonJS; may require only electron)
 * - dist/main/host/utility-entry.js   service host for utilityProcess (ESM; npm packages stay
 *                                     external so native modules load from node_modules)
 * - dist/main/host/cli.js             the `cunzhan` technician CLIs, run by the packaged binary
 *                                     with --cunzhan-cli (ESM; npm packages external as above)
 * The renderer is built separately (npm run build:renderer → dist/renderer).
 *
 * Usage: tsx scripts/build-electron.ts [--out=<dir>]
 */
import { build, type BuildOptions } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Electron 39 runs Node 22 in main and utility processes, Chromium 142 in the renderer. */
const NODE_TARGET = 'node22';

export function electronBuildOptions(outDir: string): Record<'main' | 'preload' | 'utility' | 'cli', BuildOptions> {
  const common: BuildOptions = {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  };
  return {
    main: {
      ...common,
      entryPoints: ['main/electron/main.ts'],
      outfile: path.join(outDir, 'main/electron/main.js'),
      format: 'esm',
      target: NODE_TARGET,
      external: ['electron'],
    },
    preload: {
      ...common,
      entryPoints: ['main/electron/preload.ts'],
      outfile: path.join(outDir, 'main/electron/preload.cjs'),
      // Sandboxed preloads run as CommonJS with a require() that knows only a few modules.
      format: 'cjs',
      target: 'chrome142',
      external: ['electron'],
      sourcemap: false,
    },
    utility: {
      ...common,
      entryPoints: ['main/host/utility-entry.ts'],
      outfile: path.join(outDir, 'main/host/utility-entry.js'),
      format: 'esm',
      target: NODE_TARGET,
      packages: 'external',
    },
    cli: {
      ...common,
      entryPoints: ['main/host/cli/cunzhan.ts'],
      outfile: path.join(outDir, 'main/host/cli.js'),
      format: 'esm',
      target: NODE_TARGET,
      packages: 'external',
    },
  };
}

/**
 * Files the host reads at run time relative to its own module (main/host/host.ts uses
 * `new URL('../../seed/catalog.json', import.meta.url)` and `../../package.json`): copied
 * so the same relative paths work from dist/main/host/. The seed is the one catalogue file the
 * terminal and the reference platform share.
 */
async function copyHostAssets(outDir: string): Promise<void> {
  await mkdir(path.join(outDir, 'seed'), { recursive: true });
  await copyFile(path.join(repoRoot, 'seed/catalog.json'), path.join(outDir, 'seed/catalog.json'));
  const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  // Only what the host reads; also marks dist/**/*.js as ES modules on its own.
  await writeFile(
    path.join(outDir, 'package.json'),
    JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true }, null, 2) + '\n',
  );
}

export async function buildElectron(
  outDir = path.join(repoRoot, 'dist'),
  only?: readonly ('main' | 'preload' | 'utility' | 'cli')[],
): Promise<void> {
  const all = electronBuildOptions(outDir);
  const names = only ?? (Object.keys(all) as (keyof typeof all)[]);
  await Promise.all(names.map((name) => build(all[name])));
  if (names.includes('utility')) await copyHostAssets(outDir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outArg = process.argv.find((a) => a.startsWith('--out='));
  const outDir = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(repoRoot, 'dist');
  buildElectron(outDir).then(
    () => console.log(`electron layer built into ${outDir}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
