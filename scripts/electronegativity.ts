/**
 * Runs electronegativity (@doyensec/electronegativity) on the built Electron layer and fails on
 * any HIGH or MEDIUM finding (rules: scripts/electronegativity-judge.ts). Part of npm test.
 *
 * What it scans, staged into a temporary folder:
 * - dist/main/electron/main.js     the main bundle (window options, handlers, permissions)
 * - dist/main/electron/preload.cjs as preload.js: the scanner reads only .js/.ts/.html/.json
 * - dist/renderer/index.html       the page, whose Content-Security-Policy meta is what the
 *                                  scanner's CSP check can see (app:// also sends it as a header)
 *
 * Usage: npm run build && npm run build:electron && tsx scripts/electronegativity.ts [--dist=<dir>] [--reviews=none]
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  judgeScan,
  reviewedFindings,
  type Review,
  type ScanError,
  type ScanIssue,
  type Verdict,
} from './electronegativity-judge';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview: boolean;
  sample?: string;
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: RawIssue[]; errors: ScanError[] }>;

/** Source in dist/ → name in the staged folder. */
const STAGED: readonly (readonly [string, string])[] = [
  ['main/electron/main.js', 'main/electron/main.js'],
  ['main/electron/preload.cjs', 'main/electron/preload.js'],
  ['renderer/index.html', 'renderer/index.html'],
];

/**
 * electronegativity fetches translations (and, in one check, Electron's release list) from GitHub
 * with `got` every time it runs. Build machines and CI reach only the package registries, and a
 * lint has no business on the network: its `got` answers "offline" at once, before it is loaded.
 */
function keepScannerOffline(): void {
  const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity'));
  const gotPath = scannerRequire.resolve('got');
  const offline = (): Promise<never> =>
    Promise.reject(new Error('offline: the security lint makes no network requests'));
  const exports = Object.assign(offline, { head: offline, get: offline });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports } as unknown as NodeJS.Module;
}

export async function scanElectronLayer(
  distDir: string,
  reviews: readonly Review[] = reviewedFindings,
): Promise<Verdict> {
  const stage = await mkdtemp(path.join(os.tmpdir(), 'cunzhan-electronegativity-'));
  try {
    for (const [from, to] of STAGED) {
      await mkdir(path.dirname(path.join(stage, to)), { recursive: true });
      await copyFile(path.join(distDir, from), path.join(stage, to)).catch((error: unknown) => {
        throw new Error(
          `${path.join(distDir, from)} is missing (run npm run build and npm run build:electron first): ${String(error)}`,
        );
      });
    }
    const electronVersion = (
      JSON.parse(await readFile(require.resolve('electron/package.json'), 'utf8')) as { version: string }
    ).version;
    keepScannerOffline();
    // The CommonJS build exports the runner itself (module.exports = run).
    const run = require('@doyensec/electronegativity') as Run;
    const result = await run({
      input: stage,
      electronVersionOverride: electronVersion,
      isRelative: false,
      customScan: [],
      // This check downloads Electron's release list from GitHub; build machines and CI reach only
      // the package registries, so it runs on the release machine (docs/electron-shell.md).
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      parserPlugins: [],
    });
    const relative = (file: string) => path.relative(stage, file).split(path.sep).join('/');
    const issues: ScanIssue[] = result.issues.map((i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      manualReview: i.manualReview,
      file: i.file === 'N/A' ? 'N/A' : relative(i.file),
      line: i.location.line,
      ...(i.sample ? { sample: i.sample } : {}),
    }));
    const errors = result.errors.map((e) => ({ ...e, file: relative(e.file) }));
    return judgeScan(issues, errors, STAGED.length, reviews);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distArg = process.argv.find((a) => a.startsWith('--dist='));
  const distDir = distArg ? path.resolve(distArg.slice('--dist='.length)) : path.join(repoRoot, 'dist');
  const reviews = process.argv.includes('--reviews=none') ? [] : reviewedFindings;
  scanElectronLayer(distDir, reviews).then(
    (verdict) => {
      console.log(
        `electronegativity: ${
          Object.entries(verdict.counts)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ') || 'no findings'
        }`,
      );
      for (const problem of verdict.problems) console.error(`  ✗ ${problem}`);
      if (verdict.ok) console.log('electronegativity: 0 unreviewed HIGH/MEDIUM, every file parsed');
      process.exit(verdict.ok ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
