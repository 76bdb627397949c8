import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { AuditLog } from '../services/audit-log';
import { isLoopbackUrl } from '../../rules/loopback';
import { CatalogService } from '../services/catalog-service';
import { RetentionService } from '../services/retention';
import { scanOutcome } from '../services/scan-router';
import { SessionService } from '../services/session-service';
import { TechnicianService } from '../services/technician-service';
import { TransactionService } from '../services/transaction-service';
import { loadStation, localNumberOf, saveStation } from '../store/station-store';
import { openDatabase, type Db } from '../store/database';
import { deriveKeys, FieldCipher, LookupHasher } from '../store/field-cipher';
import { FileKeyProvider, type KeyProvider } from '../store/key-provider';
import { join } from 'node:path';
import { sqliteLockoutStore } from '../store/technician-lockout-store';
import { loadConfig, resolvePaths, type Config, type Paths, type TerminalMode } from './config';
import { secureDataFolder, type ModeFix } from './data-folder';
import { createDevices, scannerStatus, type Devices } from './devices';
import { createDispatcher, type Dispatch } from './dispatcher';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { createLogger } from './logger';
import { clockNeedsAttention } from '../../rules/clock';
import { wireHealth } from './health-wiring';
import { wireSync, type SyncWiring } from './sync-wiring';
import type { SpeechService } from '../speech/speech-service';
import { wireSpeech } from '../speech/speech-wiring';

export interface HostOptions {
  /** Defaults from the environment (CUNZHAN_DATA_DIR, CUNZHAN_CONFIG). */
  readonly paths?: Paths;
  /** Overrides applied on top of the config file (tests, npm start). */
  readonly configOverride?: (config: Config) => Config;
  readonly keyProvider?: KeyProvider;
  /** Log to stderr instead of the rotated files (tests, CLI). */
  readonly logToStderr?: boolean;
  readonly logger?: Logger;
}

export interface Host {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly config: Config;
  readonly mode: TerminalMode;
  readonly paths: Paths;
  readonly db: Db;
  readonly devices: Devices;
  readonly logger: Logger;
  readonly sync: SyncWiring;
  /** The hash-chained audit log (docs/architecture.md, audit). */
  readonly audit: AuditLog;
  readonly retention: RetentionService;
  /** Spoken prompts rendered by espeak-ng (docs/ui.md, voice). */
  readonly speech: SpeechService;
  close(): Promise<void>;
}

export class ConfigError extends Error {}

/** The data folder is not private and cannot be made so: the host refuses to start. */
export class DataFolderError extends ConfigError {
  readonly code = 'data_folder_insecure';
}

const catalogSeedPath = new URL('../../seed/catalog.json', import.meta.url);
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Wires config, logging, store, devices, sync and services; the same code behind both transports. */
export async function startHost(options: HostOptions = {}): Promise<Host> {
  const paths = options.paths ?? resolvePaths();
  const loaded = loadConfig(paths.configFile);
  if (!loaded.ok) throw new ConfigError(loaded.message);
  const config = options.configOverride ? options.configOverride(loaded.config) : loaded.config;
  // Refuse before anything is read or written if the folder belongs to someone else.
  const before = secureDataFolder(paths);
  if (!before.ok) throw new DataFolderError(before.error.message);
  // Fail closed: no configuration file means provisioning, never a demo.
  const mode: TerminalMode = config.demo ? 'demo' : loaded.fromFile ? 'station' : 'provisioning';
  const logger =
    options.logger ??
    createLogger({
      level: config.log.level,
      dir: options.logToStderr ? null : paths.logDir,
      maxSizeMb: config.log.maxSizeMb,
      keepFiles: config.log.keepFiles,
    });

  logModeFixes(logger, before.value.fixed);

  const master = await (options.keyProvider ?? new FileKeyProvider(paths.keyFile)).loadOrCreateMasterKey();
  const keys = deriveKeys(master);
  master.fill(0);
  const cipher = new FieldCipher(keys.dataKey);
  const hasher = new LookupHasher(keys.lookupKey);
  const db = openDatabase(paths.database);
  Object.assign(config.station, loadStation(db) ?? {});
  const sync = wireSync(db, cipher, config, logger);
  const audit = new AuditLog({ db, outbox: sync.outbox });
  // Files made just now (database, WAL, key, logs) got the umask: tighten them too.
  const checkModes = () => {
    const r = secureDataFolder(paths);
    if (!r.ok) throw new DataFolderError(r.error.message);
    logModeFixes(logger, r.value.fixed);
  };
  try {
    checkModes();
  } catch (error) {
    db.close();
    throw error;
  }
  const retention = new RetentionService({
    db,
    audit,
    configDays: config.retention.days,
    remoteDays: () => sync.engine.datasets.config().retention_days,
    serverNow: () => {
      const offset = sync.engine.status().clock.offsetMs;
      return offset === null ? null : Date.now() + offset;
    },
    receiptsDir: config.demo ? join(paths.dataDir, 'receipts') : null,
  });

  const bus = new EventBus();
  const sessions = new SessionService();
  sessions.onChange((view) => bus.publish('session.changed', view));
  const catalog = CatalogService.fromFile(catalogSeedPath, sync.catalog);
  const devices = await createDevices(config, logger, paths.dataDir);
  const speech = wireSpeech(paths.dataDir, catalog, logger);

  devices.idcard.on('card', (card) => {
    if (mode === 'provisioning') return;
    sessions.start(card);
    logger.info({ event: 'card_read', cardType: card.cardType, warnings: card.warnings.length }, 'card read');
  });
  devices.idcard.on('readError', (f) => bus.publish('idcard.error', { code: f.code, message: f.message }));
  devices.idcard.on('status', (status) => bus.publish('device.status', { device: 'idcard', status }));
  devices.printer.on('status', (status) => bus.publish('device.status', { device: 'printer', status }));
  devices.scanners.on('status', () =>
    bus.publish('device.status', { device: 'scanner', status: scannerStatus(devices) }),
  );
  devices.scanners.on('scan', (scan) => {
    // The camera's own call answers its screen; hardware scans are announced to every screen.
    if (scan.source !== 'camera') bus.publish('scan.result', scanOutcome(scan.code));
    logger.info({ event: 'scan', source: scan.source, kind: scan.code.kind }, 'code scanned');
  });
  sync.onStatus((s) => bus.publish('sync.status', s));

  const transactions = new TransactionService({
    db,
    cipher,
    hasher,
    catalog,
    sessions,
    outbox: sync.outbox,
    progress: sync.progress,
    printer: devices.printer,
    audit,
    station: config.station,
    bootId: sync.bootId,
    clockTrusted: () => sync.clockTrusted(),
    clockOffsetMs: () => sync.clockOffsetMs(),
  });

  const technician = new TechnicianService({
    pinHash: config.technician.pinHash ?? null,
    demo: config.demo,
    lockouts: sqliteLockoutStore(db),
    audit,
    station: config.station,
    async enrol(args) {
      const r = await sync.engine.enrol({
        code: args.code,
        platformUrl: args.platform,
        station: { regionCode: args.regionCode, name: args.stationName },
        ...(args.platformKeySha256 ? { platformKeySha256: args.platformKeySha256 } : {}),
      });
      const technicianActor = { role: 'technician', id: 'technician' } as const;
      if (r.ok) {
        // The station identity given at enrolment is what receipts and payloads carry from now on.
        db.transaction(() => {
          saveStation(db, { ...config.station, regionCode: args.regionCode, name: args.stationName });
          audit.record({ actor: technicianActor, action: 'enrolment', object: r.value.deviceId, result: 'ok' });
          audit.record({ actor: technicianActor, action: 'config.change', object: 'station', result: 'ok' });
        })();
        Object.assign(config.station, { regionCode: args.regionCode, name: args.stationName });
        logger.info({ event: 'enrolled', deviceId: r.value.deviceId }, 'terminal enrolled');
        sync.engine.start();
        health.start();
      } else {
        audit.record({ actor: technicianActor, action: 'enrolment', object: args.regionCode, result: r.error.code });
        logger.warn({ event: 'enrolment_failed', code: r.error.code }, 'enrolment failed');
      }
      return r;
    },
    async syncNow() {
      const r = await sync.engine.syncNow();
      return { ok: r.ok, acked: r.acked, rejected: r.rejected, message: r.failure?.message ?? null };
    },
    status() {
      const s = sync.engine.status();
      return {
        enrolled: s.deviceId !== null,
        deviceId: s.deviceId,
        platform: s.deviceId ? sync.platformUrl() : null,
        sync: sync.status(),
        devices: { idcard: devices.idcard.status, printer: devices.printer.status, scanner: scannerStatus(devices) },
        clock: { offsetMs: s.clock.offsetMs, warning: clockNeedsAttention(s.clock.offsetMs) },
        rejected: sync.engine.outbox.listRejected().map((item) => ({
          localNumber: localNumberOf(db, item.txId),
          serviceCode: item.serviceCode,
          code: item.code,
          message: item.message,
        })),
      };
    },
  });

  const dispatch = createDispatcher(
    createHandlers({ config, mode, version, sessions, catalog, transactions, devices, sync, technician, speech }),
    {
      onBug: (method, error) => logger.error({ method, err: error }, 'handler failed'),
      onDisconnect: (connectionId) => technician.disconnect(connectionId),
    },
  );

  await devices.start();
  const health = wireHealth(sync, devices, version, paths.dataDir);
  const platform = sync.platformUrl();
  if (config.demo && platform !== null && !isLoopbackUrl(platform)) {
    // Sample applications must never reach a real platform: a demo terminal enrolled with one stays offline.
    logger.error(
      { event: 'demo_sync_refused' },
      'demo terminal enrolled with a non-loopback platform: sync not started',
    );
  } else {
    sync.start();
    health.start();
  }
  // A session left open (a villager walked away with the screen unattended) ends on the host too.
  const expiry = setInterval(
    () => sessions.expire((config.ui.idleTimeoutSec + config.ui.countdownSec + 60) * 1000),
    5000,
  );
  expiry.unref();
  // Audit entries wait at most a minute before they go to the outbox as a block.
  const auditBlocks = setInterval(() => audit.sealBlock(), 60_000);
  auditBlocks.unref();
  const maintain = () => {
    const r = retention.run();
    if (r.sealedErased + r.rowsDeleted + r.receiptsDeleted > 0)
      logger.info({ event: 'retention', ...r }, 'personal data past retention erased');
    checkModes();
  };
  maintain();
  const maintenance = setInterval(() => {
    try {
      maintain();
    } catch (error) {
      logger.error({ event: 'maintenance_failed', err: error }, 'retention or file-mode check failed');
    }
  }, 3_600_000);
  maintenance.unref();
  logger.info({ event: 'host_started', version, demo: config.demo, mode }, 'host started');

  let closed = false;
  return {
    dispatch,
    bus,
    config,
    mode,
    paths,
    db,
    devices,
    logger,
    sync,
    audit,
    retention,
    speech,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(expiry);
      clearInterval(auditBlocks);
      clearInterval(maintenance);
      speech.stop();
      health.stop();
      audit.sealBlock();
      sessions.end();
      await sync.stop();
      await devices.close();
      db.close();
      logger.info({ event: 'host_stopped' }, 'host stopped');
      logger.flush?.();
    },
  };
}

function logModeFixes(logger: Logger, fixed: readonly ModeFix[]): void {
  for (const f of fixed) {
    logger.warn(
      { event: 'file_mode_fixed', path: f.path, from: f.from.toString(8), to: f.to.toString(8) },
      'file mode tightened',
    );
  }
}
