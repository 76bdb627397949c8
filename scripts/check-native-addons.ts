// After `npm ci`: loads every native addon the terminal uses in a child process, runs `ldd` on
// each .node file it mapped, and installs (root with apt) or names every missing shared library.
// Exit 0 only when every addon loads and every library resolves.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingFromLdd, missingFromLoadError, planFix, probeProgram } from './native-addons';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Probe {
  loaded: string[];
  errors: { addon: string; message: string }[];
}

function probe(): Probe {
  const run = spawnSync(process.execPath, ['-e', probeProgram()], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`addon probe crashed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Probe;
}

function check(): { loaded: string[]; missing: string[]; other: string[] } {
  const result = probe();
  const missing: string[] = [];
  const other: string[] = [];
  for (const e of result.errors) {
    const lib = missingFromLoadError(e.message);
    if (lib) missing.push(lib);
    else other.push(`${e.addon}: ${e.message.split('\n')[0]}`);
  }
  for (const file of result.loaded) {
    const ldd = spawnSync('ldd', [file], { encoding: 'utf8' });
    if (ldd.status !== 0) other.push(`ldd ${file}: ${ldd.stderr.trim()}`);
    missing.push(...missingFromLdd(ldd.stdout));
  }
  return { loaded: result.loaded, missing, other };
}

function aptInstall(packages: readonly string[]): boolean {
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0)
    return false;
  console.log(`Installing libraries for native addons: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  return (
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env })
      .status === 0
  );
}

let found = check();
let plan = planFix(found.missing, found.other);
if (plan.install.length > 0 && aptInstall(plan.install)) {
  found = check();
  plan = planFix(found.missing, found.other);
}
if (plan.install.length > 0 || plan.unknown.length > 0) {
  if (plan.install.length > 0)
    console.error(`Native addons need system packages: sudo apt-get install ${plan.install.join(' ')}`);
  for (const u of plan.unknown) console.error(`Native addon problem: ${u}`);
  process.exit(1);
}
console.log(`native addons: ${found.loaded.length} loaded, every linked library present`);
