import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const skip = new Set(['node_modules', 'dist', 'out', 'artifacts', '.git', '.cunzhan-dev']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (skip.has(e.name)) return [];
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|md|sh)$/.test(e.name) ? [p] : [];
  });
}

/** The protocol's wire names keep the American spelling; everything of ours says enrol/enrolment. */
const wireName = /\/v1\/enroll\b|\\\/v1\\\/enroll\b|enrollment_code|\/admin\/enrollment-codes/g;

describe('one spelling', () => {
  it('says enrol/enrolment in code and prose; `enroll` only in the protocol’s wire names', () => {
    const offenders: string[] = [];
    const self = fileURLToPath(import.meta.url);
    for (const file of sourceFiles(root).filter((f) => f !== self)) {
      const text = readFileSync(file, 'utf8').replace(wireName, '');
      // enrolled/enrolling are the same in both spellings.
      for (const m of text.matchAll(/enroll(?!ed|ing)\w*/gi)) offenders.push(`${relative(root, file)}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
