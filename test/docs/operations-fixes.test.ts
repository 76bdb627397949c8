import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SELF_TEST_CODES } from '../../rules/self-test-fixes';

const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

describe('docs/operations.md fixes table', () => {
  it('has one row for every self-test and discovery code, and none that does not exist', () => {
    const section = doc.split(/^## /m).find((s) => s.startsWith('Fixes')) ?? '';
    const rows = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]!);
    expect(rows.sort()).toEqual([...SELF_TEST_CODES].sort());
  });
});
