import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { CatalogService } from '../services/catalog-service';
import { scanOutcome } from '../services/scan-router';
import { SessionService } from '../services/session-service';
import { TechnicianService } from '../services/technician-service';
import { TransactionService } from '../services/transaction-service';
import { loadStation, localNumberOf, saveStation } from '../store/station-store';
import { openDatabase, type Db } from '../store/database';
import { deriveKeys, FieldCipher, LookupHasher } from '../store/field-cipher';
import { FileKeyProvider, type KeyProvider } from '../store/key-provider';
import { loadConfig, resolvePaths, type Config, type Paths } from './config';
import { createDevices, scannerStatus, type Devices } from './devices';
import { createDispatcher, type Dispatch } from './dispatcher';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { createLogger } from './logger';
import { wireSync, type SyncWiring } from './sync-wiring';

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
  readonly paths: Paths;
  readonly db: Db;
  readonly devices: Devices;
  readonly logger: Logger;
  readonly sync: SyncWiring;
  close(): Promise<void>;
}

export class ConfigError extends Error {}


const catalogSeedPath = new URL('../../seed/catalog.json', import.meta.url);
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Wires config, logging, store, devices, sync and services; the same code behind both transports. */
export async function startHost(options: HostOptions = {}): Promise<Host> {
  const paths = options.paths ?? resolvePaths();
  const loaded = loadConfig(paths.configFile);
  if (!loaded.ok) throw new ConfigError(loaded.message);
  const config = options.configOverride ? options.configOverride(loaded.config) : loaded.config;
  const logger = options.logger ?? createLogger({
    level: config.log.level,
    dir: options.logToStderr ? null : paths.logDir,
    maxSizeMb: config.log.maxSizeMb,
    keepFiles: config.log.keepFiles,
  });

  const master = await (options.keyProvider ?? new FileKeyProvider(paths.keyFile)).loadOrCreateMasterKey();
  const keys = deriveKeys(master);
  master.fill(0);
  const cipher = new FieldCipher(keys.dataKey);
  const hasher = new LookupHasher(keys.lookupKey);
  const db = openDatabase(paths.database);
  Object.assign(config.station, loadStation(db) ?? {});
  const sync = wireSync(db, cipher, config, logger);

  const bus = new EventBus();
  const sessions = new SessionService();
  sessions.onChange((view) => bus.publish('session.changed', view));
  const catalog = CatalogService.fromFile(catalogSeedPath, sync.catalog);
  const devices = await createDevices(config, logger, paths.dataDir);

  devices.idcard.on('card', (card) => {
    sessions.start(card);
    logger.info({ event: 'card_read', cardType: card.cardType, warnings: card.warnings.length }, 'card read');
  });
  devices.idcard.on('readError', (f) => bus.publish('idcard.error', { code: f.code, message: f.message }));
  devices.idcard.on('status', (status) => bus.publish('device.status', { device: 'idcard', status }));
  devices.printer.on('status', (status) => bus.publish('device.status', { device: 'printer', status }));
  devices.scanners.on('status', () => bus.publish('device.status', { device: 'scanner', status: scannerStatus(devices) }));
  devices.scanners.on('scan', (scan) => {
    // The camera's own call answers its screen; hardware scans are announced to every screen.
    if (scan.source !== 'camera') bus.publish('scan.result', scanOutcome(scan.code));
    logger.info({ event: 'scan', source: scan.source, kind: scan.code.kind }, 'code scanned');
  });
  sync.onStatus((s) => bus.publish('sync.status', s));

  const transactions = new TransactionService({
    db, cipher, hasher, catalog, sessions, outbox: sync.outbox, progress: sync.progress, printer: devices.printer,
    station: config.station, bootId: sync.bootId, clockTrusted: () => sync.clockTrusted(),
  });

  const technician = new TechnicianService({
    pinHash: config.technician.pinHash ?? null,
    demo: config.demo,
    station: config.station,
    async enroll(args) {
      const r = await sync.engine.enroll({ code: args.code, platformUrl: args.platform, station: { regionCode: args.regionCode, name: args.stationName } });
      if (r.ok) {
        // The station identity given at enrolment is what receipts and payloads carry from now on.
        saveStation(db, { ...config.station, regionCode: args.regionCode, name: args.stationName });
        Object.assign(config.station, { regionCode: args.regionCode, name: args.stationName });
        logger.info({ event: 'enrolled', deviceId: r.value.deviceId }, 'terminal enrolled');
        sync.engine.start();
      } else {
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
        rejected: sync.engine.outbox.listRejected().map((item) => ({
          localNumber: localNumberOf(db, item.txId), serviceCode: item.serviceCode, code: item.code, message: item.message,
        })),
      };
    },
  });

  const dispatch = createDispatcher(
    createHandlers({ config, version, sessions, catalog, transactions, devices, sync, technician }),
    { onBug: (method, error) => logger.error({ method, err: error }, 'handler failed') },
  );

  await devices.start();
  sync.start();
  // A session left open (a villager walked away with the screen unattended) ends on the host too.
  const expiry = setInterval(() => sessions.expire((config.ui.idleTimeoutSec + config.ui.countdownSec + 60) * 1000), 5000);
  expiry.unref();
  logger.info({ event: 'host_started', version, demo: config.demo }, 'host started');

  let closed = false;
  return {
    dispatch, bus, config, paths, db, devices, logger, sync,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(expiry);
      sessions.end();
      await sync.stop();
      await devices.close();
      db.close();
      logger.info({ event: 'host_stopped' }, 'host stopped');
      logger.flush?.();
    },
  };
}
