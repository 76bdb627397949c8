import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, isAbsolute } from 'node:path';
import type { FoundDeviceView, SelfTestResultView } from '../contract/views';
import { failure, success, type ApiResult } from '../contract/result';
import type { AuditRecorder } from '../services/audit-port';
import type { SelfTestService } from '../services/self-test-service';
import type { Db } from '../store/database';
import type { FieldCipher } from '../store/field-cipher';
import type { Config, Paths } from './config';
import { writeConfigFile } from './config-file';
import { makeDiagBundle } from './diag/make-diag';
import type { DeviceDirs } from './discovery/device-dirs';
import { discoverDevices } from './discovery/discover';
import type { Devices } from './devices';
import { scannerStatus } from './devices';
import type { HidBackend } from '../../drivers/scanner/hid-backend';
import type { SyncWiring } from './sync-wiring';

export interface TechnicianToolsDeps {
  readonly paths: Paths;
  readonly config: Config;
  readonly db: Db;
  readonly cipher: FieldCipher;
  readonly audit: AuditRecorder;
  readonly version: string;
  readonly devices: Devices;
  readonly sync: SyncWiring;
  readonly selfTests: SelfTestService;
  readonly deviceDirs: DeviceDirs;
  /** Where USB sticks are mounted (/media); the diagnostics bundle goes nowhere else. */
  readonly mediaRoot: string;
  readonly hid?: HidBackend;
}

export interface SetupArgs {
  readonly stationName: string;
  readonly regionCode: string;
  readonly hotline?: string;
  readonly devices: { idcard?: unknown; printer?: unknown; scanner?: unknown };
}

function readRaw(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** VID:PIDs already in the configuration: a scanner of an unknown maker that was set up by hand. */
function configuredVidPids(config: Config): string[] {
  const s = config.devices.scanner;
  return s.kind === 'hardware' ? s.settings.hid.flatMap((h) => h.vidPid ?? []) : [];
}

/** A mounted stick: /media/<label> or /media/<user>/<label> (udisks), the first in name order. */
function firstStick(mediaRoot: string): string | null {
  const dirs = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(dir, e.name))
        .sort();
    } catch {
      return [];
    }
  };
  for (const level1 of dirs(mediaRoot)) {
    // A user folder holds the sticks; a stick's own root usually holds files too.
    const inner = dirs(level1);
    const isUserFolder =
      inner.length > 0 && readdirSync(level1).length === inner.length && /^[a-z_][a-z0-9_-]*$/.test(basename(level1));
    if (isUserFolder) return inner[0]!;
    return level1;
  }
  return null;
}

/** The wizard's and the technician screen's tools; the handlers check the technician's unlock first. */
export function createTechnicianTools(d: TechnicianToolsDeps) {
  return {
    async discover(args: {
      printerAddress?: string;
      serialPorts?: string[];
    }): Promise<ApiResult<{ devices: FoundDeviceView[] }>> {
      const devices = await discoverDevices({
        dirs: d.deviceDirs,
        ...(args.printerAddress ? { printerAddress: args.printerAddress } : {}),
        ...(args.serialPorts ? { extraSerialPorts: args.serialPorts } : {}),
        ...(d.hid ? { hid: d.hid } : {}),
        scannerVidPids: configuredVidPids(d.config),
      });
      return success({ devices: devices.map((f) => ({ ...f, ...(f.config ? { config: { ...f.config } } : {}) })) });
    },

    /** Keeps what the file already holds (PIN hash, platform, knobs) and sets the wizard's sections. */
    saveSetup(args: SetupArgs): ApiResult<{ changed: string[]; restartNeeded: boolean }> {
      const raw = readRaw(d.paths.configFile);
      const station = { ...(raw.station as object | undefined), name: args.stationName, regionCode: args.regionCode };
      const next = {
        ...raw,
        station: args.hotline ? { ...station, hotline: args.hotline } : station,
        devices: { ...(raw.devices as object | undefined), ...args.devices },
      };
      const r = writeConfigFile(d.paths.configFile, next, d.audit);
      if (!r.ok) return failure('setup_failed', r.error.message);
      return success({ changed: r.value.changed, restartNeeded: r.value.changed.includes('devices') });
    },

    async selfTest(test: 'card' | 'print' | 'scan' | 'camera', text?: string): Promise<ApiResult<SelfTestResultView>> {
      const r =
        test === 'card'
          ? await d.selfTests.readCard()
          : test === 'print'
            ? await d.selfTests.printTest()
            : test === 'scan'
              ? await d.selfTests.scanBack('scanner')
              : d.selfTests.checkCameraCode(text ?? '');
      if (!r.ok)
        return success({ passed: false, fix: { code: r.error.code, problem: r.error.problem, fix: r.error.fix } });
      const v = r.value as Record<string, string>;
      const detail = {
        card: () => `${v.maskedName} ${v.maskedIdNumber}`,
        print: () => '测试回执已打印',
        scan: () => `扫码枪读回测试码（${v.source}）`,
        camera: () => '摄像头读回测试码',
      }[test]();
      return success({ passed: true, detail });
    },

    /** `mount` must be a folder inside the media root (a USB stick), never anywhere else on the disk. */
    async diagExport(mount?: string): Promise<ApiResult<{ file: string; redacted: number }>> {
      const chosen = mount ?? firstStick(d.mediaRoot);
      if (!chosen)
        return failure('diag_failed', `没有找到 U 盘：请把 U 盘插到终端上，等它出现在 ${d.mediaRoot} 下后重试`);
      let real: string;
      try {
        real = realpathSync(chosen);
      } catch {
        return failure('diag_failed', '找不到这个 U 盘，请插好后重试');
      }
      const rel = relative(realpathSync(d.mediaRoot), real);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !statSync(real).isDirectory())
        return failure('diag_failed', `只能导出到 ${d.mediaRoot} 下的 U 盘`);
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
      const r = await makeDiagBundle(join(real, `cunzhan-diag-${stamp}.tar.gz`), {
        paths: d.paths,
        db: d.db,
        cipher: d.cipher,
        version: d.version,
        audit: d.audit,
        syncStatus: () => d.sync.engine.status(),
        agentNames: () => d.sync.engine.datasets.agents().map((a) => a.name),
        deviceProbes: async () => ({
          idcard: d.devices.idcard.status,
          printer: d.devices.printer.status,
          scanner: scannerStatus(d.devices),
          configured: {
            idcard: d.config.devices.idcard.kind,
            printer: d.config.devices.printer.kind,
            scanner: d.config.devices.scanner.kind,
          },
        }),
      });
      if (!r.ok) return failure('diag_failed', r.error.message);
      const red = r.value.redacted;
      return success({ file: r.value.file, redacted: red.id_number + red.phone + red.name });
    },
  };
}
export type TechnicianTools = ReturnType<typeof createTechnicianTools>;
