import { statfsSync } from 'node:fs';
import type { DeviceStatus } from '../../drivers/common/status';
import { buildHealthPayload, type HealthDevice, type HealthDeviceState } from '../../sync/health/health-payload';
import { HealthReporter } from '../../sync/health/health-reporter';
import { scannerStatus, type Devices } from './devices';
import type { SyncWiring } from './sync-wiring';
import type { RemoteConfigReport } from '../services/remote-config';

/** The health item carries the last remote configuration outcome: keys and codes, never values. */
function healthConfig(r: RemoteConfigReport | null) {
  return r ? { version: r.version, outcome: r.outcome, applied: r.applied, refused: r.refused } : undefined;
}

export function healthState(status: DeviceStatus): HealthDeviceState {
  if (status.state === 'ready' || status.state === 'busy') return 'ok';
  return status.state === 'disconnected' ? 'absent' : 'fault';
}

function deviceStates(devices: Devices): Record<HealthDevice, HealthDeviceState> {
  return {
    idcard: healthState(devices.idcard.status),
    printer: healthState(devices.printer.status),
    scanner: healthState(scannerStatus(devices)),
  };
}

/** Free space where the store lives: a full disk is what stops a station saving applications. */
export function diskFreeMb(dir: string): number {
  const s = statfsSync(dir);
  return (s.bavail * s.bsize) / (1024 * 1024);
}

/**
 * Reports the station's health through sync (protocol 1.1 §3). Only changes the report would show
 * count as device changes: ready ↔ busy flips with every card and is no news to the county.
 */
export function wireHealth(
  sync: SyncWiring,
  devices: Devices,
  version: string,
  dataDir: string,
  remoteConfig: () => RemoteConfigReport | null = () => null,
): HealthReporter {
  const reporter = new HealthReporter({
    outbox: sync.engine.outbox,
    collect: () => {
      const s = sync.engine.status();
      return buildHealthPayload({
        nowMs: Date.now(),
        version,
        uptimeS: process.uptime(),
        devices: deviceStates(devices),
        queue: s.queue,
        diskFreeMb: diskFreeMb(dataDir),
        clockOffsetMs: s.clock.offsetMs,
        config: healthConfig(remoteConfig()),
      });
    },
  });
  let last = JSON.stringify(deviceStates(devices));
  const onDevice = () => {
    const now = JSON.stringify(deviceStates(devices));
    if (now === last) return;
    last = now;
    reporter.deviceChanged();
  };
  devices.idcard.on('status', onDevice);
  devices.printer.on('status', onDevice);
  devices.scanners.on('status', onDevice);
  sync.onStatus(() => reporter.queueChanged());
  return reporter;
}
