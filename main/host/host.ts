import { success, type ApiResult } from '../contract/result';
import { voiceStatusOf } from './voice-status';
import type { AuditRecorder } from '../services/audit-port';
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
import { wireVillagerRecords } from './villager-records-wiring';
import { NoticeService } from '../services/notice-service';
import { BundleService } from '../services/bundle-service';
import { ReuseStore } from '../services/reuse-store';
import { forgetOwnData } from '../services/forget-own-data';
import { loadStation, localNumberOf, saveStation } from '../store/station-store';
import { terminalModeOf } from './terminal-mode';
import { openDatabase, type Db } from '../store/database';
import { deriveKeys, FieldCipher, LookupHasher } from '../store/field-cipher';
import { FileKeyProvider, type KeyProvider } from '../store/key-provider';
import { join } from 'node:path';
import { sqliteLockoutStore } from '../store/technician-lockout-store';
import { sqliteAgentLockoutStore } from '../store/agent-lockout-store';
import { AgentSessionService } from '../services/agent-session-service';
import { AgentServeService } from '../services/agent-serve-service';
import { loadConfig, resolvePaths, type Config, type Paths, type TerminalMode } from './config';
import { secureDataFolder, type ModeFix } from './data-folder';
import { createDevices, scannerStatus, type Devices } from './devices';
import { createDispatcher, type Dispatch } from './dispatcher';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { createLogger } from './logger';
import { clockNeedsAttention } from '../../rules/clock';
import { wireHealth } from './health-wiring';
import { wireRemoteConfig } from './remote-config-wiring';
import { SYSTEM_DEVICE_DIRS, type DeviceDirs } from './discovery/device-dirs';
import { createTechnicianTools } from './technician-tools';
import { nodeHidBackend } from '../../drivers/scanner/hid-backend';
import { SelfTestService } from '../services/self-test-service';
import { wireSync, type SyncWiring } from './sync-wiring';
import { wireAgentQueue, type AgentQueueWiring } from './agent-queue-wiring';
import { agentGateOf } from './agent-gate';
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
  /** Where the wizard looks for devices (tests: folders of links to simulator ptys). */
  readonly deviceDirs?: DeviceDirs;
  /** Where USB sticks are mounted for the diagnostics bundle (default /media). */
  readonly mediaRoot?: string;
  /**
   * The process around the host restarts it on the technician's 重启终端 (devices saved by the
   * wizard are read at start): Electron's utility exits and its supervisor starts a new one;
   * npm start closes this host and starts a new one behind the same page.
   */
  readonly onRestartRequested?: () => void;
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
  /** The agent's queue, corrections and day close. */
  readonly agentQueue: AgentQueueWiring;
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
  const enrolledStation = loadStation(db);
  // Fail closed: without station details (wizard or enrolment) the terminal is in provisioning, never a demo.
  const mode: TerminalMode = terminalModeOf({
    demo: config.demo,
    stationInFile: loaded.stationInFile,
    enrolledStation: enrolledStation !== null,
  });
  Object.assign(config.station, enrolledStation ?? {});
  const sync = wireSync(db, cipher, config, logger);
  const audit = new AuditLog({ db, outbox: sync.outbox });
  const remoteConfig = wireRemoteConfig(db, audit, sync, config);
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
    remoteDays: () => remoteConfig.retentionDays(),
    serverNow: () => {
      const offset = sync.engine.status().clock.offsetMs;
      return offset === null ? null : Date.now() + offset;
    },
    receiptsDir: config.demo ? join(paths.dataDir, 'receipts') : null,
  });

  const bus = new EventBus();
  const sessions = new SessionService();
  sessions.onChange((view) => bus.publish('session.changed', view));
  const catalog = CatalogService.fromFile(catalogSeedPath, sync.catalog, () => remoteConfig.servicesShown());
  const devices = await createDevices(config, logger, paths.dataDir);
  const speech = wireSpeech(paths.dataDir, catalog, logger);

  const selfTests = new SelfTestService({ ...devices, station: config.station, audit });
  devices.idcard.on('card', (card) => {
    // The technician's own card in a self-test is no villager arriving.
    if (mode === 'provisioning' || selfTests.waitingForCard) return;
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

  const reuse = new ReuseStore({ db, cipher, hasher });
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
    reuse,
  });

  const { evaluations, myApplications } = wireVillagerRecords({
    db,
    hasher,
    sessions,
    catalog,
    sync,
    transactions,
    publish: (pushed) => bus.publish('progress.pushed', pushed),
  });

  // Checked once: a real model's vocabulary is megabytes; the fix text says to restart after a change.
  const voice = voiceStatusOf(config.voice.modelPath);
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
        voice,
        rejected: sync.engine.outbox.listRejected().map((item) => ({
          localNumber: localNumberOf(db, item.txId),
          serviceCode: item.serviceCode,
          code: item.code,
          message: item.message,
        })),
      };
    },
  });

  const bundles = new BundleService({
    db,
    cipher,
    hasher,
    catalog,
    sessions,
    outbox: sync.outbox,
    printer: devices.printer,
    station: config.station,
    bootId: sync.bootId,
    clockTrusted: () => sync.clockTrusted(),
    clockOffsetMs: () => sync.clockOffsetMs(),
  });

  const notices = new NoticeService({
    announcements: () => sync.engine.datasets.announcements(),
    onAnnouncementsChanged: (cb) =>
      sync.engine.datasets.onChanged((e) => {
        if (e.datasets.includes('announcements')) cb();
      }),
    clockOffsetMs: () => sync.clockOffsetMs(),
  });
  const stopNotices = notices.onChange((view) => bus.publish('notices.changed', view));
  const agents = new AgentSessionService({
    agents: () => sync.engine.datasets.agents(),
    station: config.station,
    sessions,
    lockouts: sqliteAgentLockoutStore(db),
    audit,
    // Tests only (the e2e idle lock); a station always locks after 3 minutes.
    ...(process.env.CUNZHAN_AGENT_IDLE_SEC ? { idleLockSec: Number(process.env.CUNZHAN_AGENT_IDLE_SEC) } : {}),
  });
  agents.onChange((view) => bus.publish('agent.changed', view));
  const agentServe = new AgentServeService({ agents, sessions, transactions, audit });

  const agentQueue = wireAgentQueue({
    db,
    cipher,
    hasher,
    sessions,
    catalog,
    sync,
    printer: devices.printer,
    audit,
    station: config.station,
    bus,
    agents: agentGateOf(agents),
  });
  const tools = createTechnicianTools({
    paths,
    config,
    db,
    cipher,
    audit,
    version,
    devices,
    sync,
    selfTests,
    deviceDirs: options.deviceDirs ?? SYSTEM_DEVICE_DIRS,
    mediaRoot: options.mediaRoot ?? '/media',
    // The demo has no real scanners to find; a station asks the system's HID devices.
    ...(config.demo ? {} : { hid: nodeHidBackend() }),
  });
  const dispatch = createDispatcher(
    createHandlers({
      config,
      mode,
      version,
      sessions,
      catalog,
      transactions,
      devices,
      sync,
      technician,
      evaluations,
      myApplications,
      notices,
      bundles,
      reuse,
      forgetOwnData: () => forgetOwnData({ db, sessions, reuse, audit }),
      agents,
      agentServe,
      agentQueue: agentQueue.handlers,
      tools,
      speech,
      voice,
      ...(options.onRestartRequested ? { restart: restartFor(options.onRestartRequested, audit) } : {}),
    }),
    {
      onBug: (method, error) => logger.error({ method, err: error }, 'handler failed'),
      onDisconnect: (connectionId) => {
        technician.disconnect(connectionId);
        agents.disconnect(connectionId);
        agentServe.disconnect(connectionId);
      },
    },
  );

  await devices.start();
  const health = wireHealth(sync, devices, version, paths.dataDir, () => remoteConfig.service.lastReport());
  // The county hears at once whether its settings took: a remote change is rare, so no debounce.
  remoteConfig.service.onReport(() => health.report());
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
    agentQueue,
    speech,
    async close() {
      if (closed) return;
      closed = true;
      agentQueue.stop();
      clearInterval(expiry);
      clearInterval(auditBlocks);
      clearInterval(maintenance);
      stopNotices();
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

/** After the answer has left: the page learns the restart was accepted before the host goes. */
const RESTART_AFTER_MS = 200;

function restartFor(onRestartRequested: () => void, audit: AuditRecorder) {
  let requested = false;
  return (connectionId: string): ApiResult<{ restarting: true }> => {
    audit.record({
      actor: { role: 'technician', id: 'technician' },
      action: 'terminal.restart',
      object: `connection:${connectionId}`,
      result: 'ok',
    });
    if (!requested) {
      requested = true;
      setTimeout(onRestartRequested, RESTART_AFTER_MS);
    }
    return success({ restarting: true });
  };
}
