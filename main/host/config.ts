import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { idCardReaderConfigSchema } from '../../drivers/idcard/config';
import { escPosPrinterConfigSchema } from '../../drivers/printer/config';
import { ScannerConfigSchema } from '../../drivers/scanner/config';
import { PACKAGED_CONFIG_FILE, PACKAGED_DATA_DIR } from './packaged-paths';
import { syncEngineKnobsSchema } from '../../sync/engine/config';
import { fileHasStationDetails } from './terminal-mode';

/**
 * The terminal's configuration file (JSON). Location: $CUNZHAN_CONFIG, else <dataDir>/config.json.
 * Every key has a default; a missing file, or one without the station details, means a terminal in
 * provisioning (only the technician path open), never a demo. Every object is strict, so a misspelt key is an error naming it.
 * See docs/operations.md (test/main/host/config-docs.test.ts keeps its table in step).
 */
export const configSchema = z.strictObject({
  station: z
    .strictObject({
      name: z.string().min(1).default('示例村便民服务站'),
      /** 12-digit statistical area code of the village. */
      regionCode: z
        .string()
        .regex(/^\d{12}$/)
        .default('430121100201'),
      hotline: z.string().default('12345'),
    })
    .prefault({}),
  ui: z
    .strictObject({
      idleTimeoutSec: z.number().int().min(10).max(3600).default(90),
      countdownSec: z.number().int().min(5).max(300).default(30),
    })
    .prefault({}),
  /**
   * Demo mode: simulated devices, sample cards, the presenter panel, PIN 000000, loopback
   * platforms only. Off unless asked for (`npm start` passes --demo). Never on a real station.
   */
  demo: z.boolean().default(false),
  devices: z
    .strictObject({
      idcard: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('fake') }),
          z.strictObject({ kind: z.literal('simulator') }),
          /** A real reader: the driver's own settings (drivers/idcard/config.ts). */
          idCardReaderConfigSchema.extend({ kind: z.literal('serial') }).strict(),
        ])
        .default({ kind: 'fake' }),
      printer: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('fake') }),
          z.strictObject({
            kind: z.literal('simulator'),
            paperWidth: z.union([z.literal(58), z.literal(80)]).default(58),
          }),
          /** A real ESC/POS printer (docs/receipt-printer.md). */
          z.strictObject({ kind: z.literal('escpos'), settings: escPosPrinterConfigSchema }),
        ])
        .default({ kind: 'fake' }),
      scanner: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('fake') }),
          /** HID and serial scanners (docs/scanners.md); the demo scanner is added in demo mode. */
          z.strictObject({ kind: z.literal('hardware'), settings: ScannerConfigSchema.prefault({}) }),
        ])
        .default({ kind: 'fake' }),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
      /** Rotated at this size; this many old files kept. */
      maxSizeMb: z.number().positive().default(10),
      keepFiles: z.number().int().positive().default(10),
    })
    .prefault({}),
  sync: z
    .strictObject({
      /** Set by enrolment (npm run sync -- enrol / the technician screen); https except on loopback. */
      platformUrl: z.string().url().optional(),
      /** PEM of the platform's CA to pin (provisioning). */
      caCertPath: z.string().optional(),
      /** Timing and sizing knobs of the sync engine (docs/sync.md); defaults suit a 2G link. */
      engine: syncEngineKnobsSchema.default({}),
    })
    .prefault({}),
  technician: z
    .strictObject({
      /** `scrypt$salt$hash` from `npm run sync -- tech-pin <PIN>`; only a demo terminal has a default (000000). */
      pinHash: z
        .string()
        .regex(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
        .optional(),
    })
    .prefault({}),
  retention: z
    .strictObject({
      /**
       * Days personal data stays after the platform applied the application (then the sealed record,
       * the outbox payload and simulator receipt images are erased). The platform's `config`
       * dataset `retention_days` may lower it, never raise it.
       */
      days: z.number().int().min(1).max(365).default(7),
    })
    .prefault({}),
  security: z
    .strictObject({
      /**
       * Accept Electron safeStorage's `basic_text` backend on Linux (no keyring: the data key is
       * wrapped with a fixed, public password). Off: the terminal refuses to start and says why.
       */
      allowPlainKeystore: z.boolean().default(false),
    })
    .prefault({}),
  http: z
    .strictObject({
      host: z.literal('127.0.0.1').default('127.0.0.1'),
      /** 0 = any free port (printed at start). */
      port: z.number().int().min(0).max(65535).default(0),
    })
    .prefault({}),
  voice: z
    .strictObject({
      /**
       * Folder of a Vosk Mandarin model the technician installed (e.g. vosk-model-small-cn-0.22);
       * checked at start (main/services/voice-model.ts). Absent: no 按住说话 button. Never fetched.
       */
      modelPath: z.string().min(1).optional(),
    })
    .prefault({}),
});
export type Config = z.infer<typeof configSchema>;

export interface Paths {
  readonly dataDir: string;
  readonly configFile: string;
  readonly database: string;
  readonly keyFile: string;
  readonly logDir: string;
}

/** `packaged`: an installed terminal uses the fixed system paths and ignores the environment. */
export function resolvePaths(env: NodeJS.ProcessEnv = process.env, options: { packaged?: boolean } = {}): Paths {
  const dataDir = options.packaged
    ? PACKAGED_DATA_DIR
    : (env.CUNZHAN_DATA_DIR ?? join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'cunzhan'));
  return {
    dataDir,
    configFile: options.packaged ? PACKAGED_CONFIG_FILE : (env.CUNZHAN_CONFIG ?? join(dataDir, 'config.json')),
    database: join(dataDir, 'cunzhan.db'),
    keyFile: join(dataDir, 'keys', 'master.key'),
    logDir: join(dataDir, 'logs'),
  };
}

/**
 * What the terminal is: a demo, a station still being provisioned (no station details yet, from the
 * wizard or enrolment: only the technician path is open), or a configured station.
 */
export type TerminalMode = 'demo' | 'provisioning' | 'station';

export type ConfigResult =
  | {
      ok: true;
      config: Config;
      fromFile: boolean;
      /** The file names the station (wizard's station details); see terminal-mode.ts. */
      stationInFile: boolean;
    }
  | { ok: false; message: string };

/** Loads and validates the config; a broken file is a clear message for the technician, not a crash. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): ConfigResult {
  let raw: unknown = {};
  const fromFile = existsSync(path);
  if (fromFile) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      return { ok: false, message: `配置文件 ${path} 不是有效的 JSON：${(error as Error).message}` };
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue).join('; ');
    return { ok: false, message: `配置文件 ${path} 有错误：${issues}` };
  }
  const config = parsed.data;
  // Test and demo overrides.
  if (env.CUNZHAN_IDLE_TIMEOUT_SEC) config.ui.idleTimeoutSec = Number(env.CUNZHAN_IDLE_TIMEOUT_SEC);
  if (env.CUNZHAN_COUNTDOWN_SEC) config.ui.countdownSec = Number(env.CUNZHAN_COUNTDOWN_SEC);
  return { ok: true, config, fromFile, stationInFile: fileHasStationDetails(raw) };
}

/** One problem, in words the technician can act on; unknown keys are named with their full path. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (where ? `${where}.${k}` : k)).join('、');
    return `未知的配置项 ${keys}（请检查拼写，见运维手册的配置表）`;
  }
  return `${where || '(根)'}: ${issue.message}`;
}
