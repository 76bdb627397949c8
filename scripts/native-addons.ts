// What native addons the terminal loads, and how to read what the dynamic linker says about them.
// Pure: scripts/check-native-addons.ts runs it, test/scripts/native-addons.test.ts checks it.

/**
 * Every native addon of a runtime dependency, loaded the way the terminal loads it (node-hid in
 * both variants: hidraw is its Linux default, libusb is the fallback it ships). A runtime package
 * with a .node file that is not here fails the test, so a new native dependency cannot slip past.
 */
export const addonLoaders: Readonly<Record<string, string>> = {
  'better-sqlite3': "new (require('better-sqlite3'))(':memory:').close()",
  '@serialport/bindings-cpp': "require('@serialport/bindings-cpp')",
  'node-hid': [
    "const dir = require('path').dirname(require.resolve('node-hid/package.json'));",
    "const options = require('node-hid/binding-options');",
    "for (const name of ['HID_hidraw', 'HID']) require('pkg-prebuilds/bindings')(dir, { ...options, name });",
  ].join(' '),
  '@napi-rs/canvas': "require('@napi-rs/canvas')",
};

/** Debian packages of the shared libraries our addons link; anything else is named, not guessed. */
export const debianPackageOf: Readonly<Record<string, string>> = {
  'libusb-1.0.so.0': 'libusb-1.0-0',
  'libudev.so.1': 'libudev1',
  'libstdc++.so.6': 'libstdc++6',
  'libgcc_s.so.1': 'libgcc-s1',
  'libfontconfig.so.1': 'libfontconfig1',
  'libfreetype.so.6': 'libfreetype6',
};

/** The child program: loads each addon, then reports the .node files mapped into it and the failures. */
export function probeProgram(loaders: Readonly<Record<string, string>> = addonLoaders): string {
  const attempts = Object.entries(loaders)
    .map(
      ([name, code]) =>
        `try { ${code} } catch (e) { errors.push({ addon: ${JSON.stringify(name)}, message: String(e && e.message || e) }); }`,
    )
    .join('\n');
  return [
    'const errors = [];',
    attempts,
    "const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');",
    "const loaded = [...new Set(maps.split('\\n').map((l) => l.trim().split(/\\s+/)[5]).filter((p) => p && p.endsWith('.node')))];",
    'process.stdout.write(JSON.stringify({ loaded, errors }));',
  ].join('\n');
}

/** Sonames `ldd` could not resolve ("libusb-1.0.so.0 => not found"). */
export function missingFromLdd(output: string): string[] {
  const missing = new Set<string>();
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+)\s+=>\s+not found\s*$/.exec(line);
    if (m) missing.add(m[1]!);
  }
  return [...missing];
}

/** The library named by a failed dlopen ("libusb-1.0.so.0: cannot open shared object file: …"). */
export function missingFromLoadError(message: string): string | null {
  return /([^\s:/]+\.so(?:\.[\w.-]+)?): cannot open shared object file/.exec(message)?.[1] ?? null;
}

export interface NativeCheck {
  /** Debian packages that provide the missing libraries. */
  readonly install: string[];
  /** Missing libraries we have no package for, and addons that failed for another reason. */
  readonly unknown: string[];
}

/** What to do about the missing libraries and failed loads found by the probe and `ldd`. */
export function planFix(missing: readonly string[], otherErrors: readonly string[]): NativeCheck {
  const install = new Set<string>();
  const unknown: string[] = [...otherErrors];
  for (const lib of new Set(missing)) {
    const pkg = debianPackageOf[lib];
    if (pkg) install.add(pkg);
    else unknown.push(`${lib} (no known Debian package: find it with apt-file search ${lib})`);
  }
  return { install: [...install].sort(), unknown };
}
