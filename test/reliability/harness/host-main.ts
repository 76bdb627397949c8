// The terminal's service host as a child process that journey runs SIGKILL and restart: the real
// startHost (store, services, sync engine) in demo mode with fake devices, on a data folder that
// survives its incarnations, and the KioskApi over WebSocket on a port of its own (port 0). The
// first incarnation enrols with the platform. Prints one JSON line a state:
//   {"ev":"listening","pageUrl":…,"enrolled":…} once it takes calls.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePaths } from '../../../main/host/config';
import { startHost } from '../../../main/host/host';
import { startHttpTransport } from '../../../main/host/transports/http-server';

export interface HostArgs {
  dataDir: string;
  platformUrl: string;
  enrolCode?: string;
  /** Sync engine knobs (short timers so a run takes seconds). */
  engine: Record<string, number | string>;
}

const args = JSON.parse(process.argv[2] ?? '{}') as HostArgs;
const say = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

const host = await startHost({
  paths: resolvePaths({ CUNZHAN_DATA_DIR: args.dataDir }),
  logToStderr: true,
  // Explicitly a demo terminal (the default may become "fail closed": no demo, provisioning).
  configOverride: (c) => ({
    ...c,
    demo: true,
    log: { ...c.log, level: 'warn' },
    devices: { idcard: { kind: 'fake' }, printer: { kind: 'fake' }, scanner: { kind: 'fake' } },
    sync: { ...c.sync, platformUrl: args.platformUrl, engine: { ...c.sync.engine, ...args.engine } },
  }),
});
if (host.sync.engine.status().deviceId === null) {
  if (!args.enrolCode) throw new Error('host is not enrolled and has no enrolment code');
  const r = await host.sync.engine.enrol({ code: args.enrolCode, platformUrl: args.platformUrl });
  if (!r.ok) {
    say({ ev: 'enrol_failed', code: r.error.code });
    process.exit(3);
  }
  host.sync.engine.start();
}
// No renderer is served: journeys speak the KioskApi only.
const rendererDir = join(args.dataDir, 'no-renderer');
mkdirSync(rendererDir, { recursive: true });
const http = await startHttpTransport({ dispatch: host.dispatch, bus: host.bus, rendererDir, port: 0 });
say({ ev: 'listening', pageUrl: http.pageUrl, deviceId: host.sync.engine.status().deviceId });

process.on('SIGTERM', () => {
  void http
    .close()
    .then(() => host.close())
    .finally(() => process.exit(0));
});
