import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly engines?: { readonly node?: string } | readonly string[];
}
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** Every package the terminal ships (not dev-only), with the Node range it says it needs. */
function runtimeEngineRanges(): { name: string; version: string; node: string }[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    if (path === '' || entry.dev) return [];
    const node = Array.isArray(entry.engines) ? undefined : (entry.engines as { node?: string } | undefined)?.node;
    return node ? [{ name: path.replace(/^.*node_modules\//, ''), version: entry.version ?? '?', node }] : [];
  });
}

describe('package.json engines', () => {
  it('is a valid range that accepts the Node running the tests', () => {
    expect(semver.validRange(pkg.engines.node)).not.toBeNull();
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it('promises nothing a runtime dependency does not support', () => {
    const ranges = runtimeEngineRanges();
    // canonicalize, better-sqlite3 and node-addon-api state ranges: the lock must hold them.
    expect(ranges.length).toBeGreaterThan(3);
    const unsupported = ranges
      .filter((r) => !semver.subset(pkg.engines.node, r.node))
      .map((r) => `${r.name}@${r.version} wants node ${r.node}`);
    expect(unsupported).toEqual([]);
  });

  it('catches a dependency that needs a newer Node than we state', () => {
    // The check itself: @zxing/library 0.23 asked for Node >= 24, which ^20.19 does not satisfy.
    expect(semver.subset(pkg.engines.node, '>= 24.0.0')).toBe(false);
  });
});
