import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCANNER_VENDORS } from '../../drivers/scanner/vendors';
import { FIELD_CLI_SWITCH } from '../../main/electron/field-cli';
import { PACKAGED_CONFIG_FILE, PACKAGED_DATA_DIR } from '../../main/host/packaged-paths';

/**
 * The deb's own files (build/linux). fpm, which electron-builder needs to make a deb, is not
 * available on this machine, so the files are checked here and installed by a release build.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const linux = (name: string) => readFileSync(path.join(repoRoot, 'build/linux', name), 'utf8');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const builderConfig = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
  productName: string;
  linux: { executableName: string };
  deb: { afterInstall: string; afterRemove: string; depends: string[] };
  extraResources: { from: string; to: string; filter: string[] }[];
};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cz-linux-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
/** Lines that are rules, without comments. */
const rules = linux('70-cunzhan.rules')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
const kioskPath = `/opt/${builderConfig.productName}/${builderConfig.linux.executableName}`;

/** electron-builder's template step for afterInstall/afterRemove (FpmTarget writeConfigFile). */
function renderTemplate(text: string): string {
  const macros: Record<string, string> = {
    executable: builderConfig.linux.executableName,
    sanitizedProductName: builderConfig.productName,
    productFilename: builderConfig.productName,
  };
  return text.replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
    if (!(name in macros)) throw new Error(`Macro ${name} is not defined`);
    return macros[name]!;
  });
}

describe('udev rules (70-cunzhan.rules)', () => {
  it('gives the serial ID card reader and USB-serial devices to dialout', () => {
    expect(rules).toContain('SUBSYSTEM=="tty", KERNEL=="ttyUSB[0-9]*|ttyACM[0-9]*", MODE="0660", GROUP="dialout"');
    expect(rules.some((r) => r.includes('ATTR{idVendor}=="0400"') && r.includes('ATTR{idProduct}=="c35a"'))).toBe(true);
  });

  it('gives usblp receipt printers to lp with a stable name', () => {
    expect(rules).toContain(
      'SUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", MODE="0660", GROUP="lp", SYMLINK+="cunzhan-printer"',
    );
  });

  it('opens hidraw and hides the keyboard of every scanner vendor the driver knows', () => {
    for (const vendor of DEFAULT_SCANNER_VENDORS.keys()) {
      expect(rules, hex4(vendor)).toContain(
        `KERNEL=="hidraw*", ATTRS{idVendor}=="${hex4(vendor)}", MODE="0660", GROUP="plugdev"`,
      );
      expect(rules, hex4(vendor)).toContain(
        `SUBSYSTEM=="input", ATTRS{idVendor}=="${hex4(vendor)}", ENV{LIBINPUT_IGNORE_DEVICE}="1"`,
      );
    }
    // Nothing but the known vendors and the SAM reader: a typo would widen access silently.
    const vendors = new Set(rules.flatMap((r) => [...r.matchAll(/idVendor}=="([0-9a-f]{4})"/g)].map((m) => m[1])));
    expect([...vendors].sort()).toEqual([...[...DEFAULT_SCANNER_VENDORS.keys()].map(hex4), '0400'].sort());
  });

  it('is well-formed: every rule has a match and an assignment, quotes balanced', () => {
    for (const rule of rules) {
      expect(rule, rule).toMatch(/(==)/);
      expect(rule, rule).toMatch(/[^=!]=[^=]|\+=/);
      expect((rule.match(/"/g) ?? []).length % 2, rule).toBe(0);
    }
  });
});

describe('kiosk service (cunzhan-kiosk.service)', () => {
  const unit = linux('cunzhan-kiosk.service');
  const line = (key: string) =>
    unit
      .split('\n')
      .find((l) => l.startsWith(`${key}=`))
      ?.slice(key.length + 1);

  it('starts the packaged kiosk on boot and restarts it whenever it ends, forever', () => {
    expect(line('Restart')).toBe('always');
    expect(Number(line('RestartSec'))).toBeGreaterThan(0);
    expect(line('StartLimitIntervalSec')).toBe('0');
    // No display manager: the kiosk is the only graphical thing on the machine.
    expect(line('WantedBy')).toBe('multi-user.target');
    expect(line('ExecStart')).toContain(kioskPath);
    expect(line('ExecStart')).toMatch(/^\/usr\/bin\/dbus-run-session -- \/usr\/bin\/cage -s -- /);
  });

  it('runs as the unprivileged service user with the device groups and the data folder writable', () => {
    expect(line('User')).toBe('cunzhan');
    expect(line('SupplementaryGroups')!.split(' ')).toEqual(expect.arrayContaining(['dialout', 'plugdev', 'lp']));
    expect(line('ReadWritePaths')).toBe(PACKAGED_DATA_DIR);
    expect(line('WorkingDirectory')).toBe(PACKAGED_DATA_DIR);
    expect(unit).not.toMatch(/^Environment=.*CUNZHAN_/m);
  });

  it('needs the packages its command line uses', () => {
    expect(builderConfig.deb.depends).toEqual(expect.arrayContaining(['cage', 'dbus']));
  });
});

describe('cunzhan command (/usr/bin/cunzhan)', () => {
  const wrapper = linux('cunzhan');

  it('runs the kiosk binary in CLI mode as the service user', () => {
    expect(wrapper.startsWith('#!/bin/sh\n')).toBe(true);
    expect(wrapper).toContain(`KIOSK=${kioskPath}`);
    expect(wrapper).toContain(`exec "$KIOSK" ${FIELD_CLI_SWITCH} "$@"`);
    expect(wrapper).toContain('exec runuser -u cunzhan -- "$0" "$@"');
    expect(statSync(path.join(repoRoot, 'build/linux/cunzhan')).mode & 0o111).not.toBe(0);
    execFileSync('sh', ['-n', path.join(repoRoot, 'build/linux/cunzhan')]);
  });

  it('tells any other user to use sudo instead of running the tools as themselves', () => {
    // A copy anyone can read; as root the check runs it as `nobody`.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cz-wrapper-'));
    chmodSync(dir, 0o755);
    const copy = path.join(dir, 'cunzhan');
    writeFileSync(copy, wrapper, { mode: 0o755 });
    const asOther =
      process.getuid?.() === 0
        ? (['runuser', ['-u', 'nobody', '--', copy, 'device', 'idcard']] as const)
        : ([copy, ['device', 'idcard']] as const);
    const result = spawnSync(asOther[0], [...asOther[1]], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('请用 sudo 运行：sudo cunzhan device idcard\n');
  });
});

describe('deb scripts (after-install, after-remove)', () => {
  it('are the configured electron-builder templates and render with its macros only', () => {
    expect(builderConfig.deb.afterInstall).toBe('build/linux/after-install.sh');
    expect(builderConfig.deb.afterRemove).toBe('build/linux/after-remove.sh');
    for (const name of ['after-install.sh', 'after-remove.sh']) {
      const rendered = renderTemplate(linux(name));
      const file = path.join(tmp, name);
      writeFileSync(file, rendered);
      execFileSync('bash', ['-n', file]);
    }
  });

  it('creates the user and fixed paths and installs the three files where they belong', () => {
    const script = renderTemplate(linux('after-install.sh'));
    expect(script).toContain('useradd --system --user-group --home-dir /var/lib/cunzhan');
    expect(script).toContain(`install -d -m 0770 -o root -g cunzhan ${path.dirname(PACKAGED_CONFIG_FILE)}`);
    expect(script).toContain(`install -d -m 0700 -o cunzhan -g cunzhan ${PACKAGED_DATA_DIR}`);
    expect(script).toContain('install -m 0644 "$RES/70-cunzhan.rules" /etc/udev/rules.d/70-cunzhan.rules');
    expect(script).toContain('install -m 0644 "$RES/cunzhan-kiosk.service" /etc/systemd/system/cunzhan-kiosk.service');
    expect(script).toContain('install -m 0755 "$RES/cunzhan" /usr/bin/cunzhan');
    expect(script).toContain('systemctl enable cunzhan-kiosk.service');
    expect(script).toContain(`APP='/opt/${builderConfig.productName}'`);
    // The files come from resources/linux, which electron-builder fills from build/linux.
    // (resources/licenses stays where it is: the handwriting data's licence beside the app.)
    expect(builderConfig.extraResources).toEqual([
      { from: 'build/linux', to: 'linux', filter: ['70-cunzhan.rules', 'cunzhan-kiosk.service', 'cunzhan'] },
      { from: 'licenses', to: 'licenses', filter: ['ARPHICPL.TXT', 'README.md'] },
    ]);
  });

  it('removes the program’s files but never the station’s data', () => {
    const script = renderTemplate(linux('after-remove.sh'));
    expect(script).toContain(
      'rm -f /etc/systemd/system/cunzhan-kiosk.service /etc/udev/rules.d/70-cunzhan.rules /usr/bin/cunzhan',
    );
    expect(script).not.toMatch(/rm [^\n]*(\/var\/lib\/cunzhan|\/etc\/cunzhan)/);
  });
});
