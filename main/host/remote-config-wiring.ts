import { RemoteConfigService, type RemoteSettings } from '../services/remote-config';
import type { AuditRecorder } from '../services/audit-port';
import type { Db } from '../store/database';
import type { Config } from './config';
import type { SyncWiring } from './sync-wiring';

export interface RemoteConfigWiring {
  readonly service: RemoteConfigService;
  /** Service codes the county wants shown, or undefined for all. */
  servicesShown(): readonly string[] | undefined;
  /** Days from the platform for the retention pass (it only ever lowers the local setting). */
  retentionDays(): number | undefined;
}

/**
 * Puts the platform's allow-listed settings into force: at start (the last applied set, kept in the
 * database) and whenever a `config` change arrives. The file's values are the fallback a removed
 * remote setting returns to. Settings are read by the running screens through the shared config
 * object (idle timeout, hotline, receipt header), so a change takes effect with the next screen.
 */
export function wireRemoteConfig(db: Db, audit: AuditRecorder, sync: SyncWiring, config: Config): RemoteConfigWiring {
  const fromFile = { idleTimeoutSec: config.ui.idleTimeoutSec, hotline: config.station.hotline };
  const service = new RemoteConfigService({ db, audit, dataset: () => sync.engine.datasets.config() });
  const station = config.station as Config['station'] & { receiptHeader?: string };
  const put = (s: RemoteSettings) => {
    config.ui.idleTimeoutSec = s.idle_timeout_s ?? fromFile.idleTimeoutSec;
    station.hotline = s.hotline ?? fromFile.hotline;
    if (s.receipt_header === undefined) delete station.receiptHeader;
    else station.receiptHeader = s.receipt_header;
  };
  service.onApplied(put);
  put(service.effective());
  sync.engine.useRemoteRetentionDays(() => service.effective().retention_days);
  sync.engine.datasets.onChanged(({ datasets }) => {
    if (datasets.includes('config')) service.apply();
  });
  return {
    service,
    servicesShown: () => service.effective().services_shown,
    retentionDays: () => service.effective().retention_days,
  };
}
