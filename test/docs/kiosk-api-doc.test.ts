import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topics } from '../../main/contract/events';
import { methodNames } from '../../main/contract/methods';

const doc = readFileSync(new URL('../../docs/kiosk-api.md', import.meta.url), 'utf8');

/** Names written as `name` in the first cell of a table row of the section that starts with `heading`. */
function tableNames(heading: string): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
  return [...section.matchAll(/^\| `([a-zA-Z.]+)` \|/gm)].map((m) => m[1]!);
}

describe('docs/kiosk-api.md lists the contract as it is', () => {
  it('has one table row for every KioskApi method, and none that does not exist', () => {
    expect(tableNames('Methods').sort()).toEqual([...methodNames].sort());
  });

  it('names every event topic', () => {
    const section = doc.split(/^## /m).find((s) => s.startsWith('Events')) ?? '';
    const named = [...section.matchAll(/`([a-z]+\.[a-zA-Z]+)`/g)].map((m) => m[1]!);
    expect(named.sort()).toEqual(Object.keys(topics).sort());
  });
});
