import path from 'node:path';
import { loadConfig, type Paths } from '../../host/config';
import type { Dispatch } from '../../host/dispatcher';
import type { EventBus } from '../../host/event-bus';
import { serveChannel } from '../../host/transports/channel-server';
import type { KeyProvider } from '../../store/key-provider';
import { SafeStorageKeyProvider } from '../keystore/safe-storage-key-provider';
import { createParentLink, type ParentPortLike } from './parent-link';
import { startRefusalCodes, type StartRefusal } from './protocol';

/** The service host's entry point (main/host/host.ts), reduced to what the utility process uses. */
export type StartHost = (options: {
  paths: Paths;
  keyProvider: KeyProvider;
  onRestartRequested?: () => void;
}) => Promise<{
  dispatch: Dispatch;
  bus: EventBus;
  close(): Promise<void>;
}>;

/** Beside the FileKeyProvider's plain `master.key`, which it replaces in Electron. */
export const WRAPPED_KEY_FILE = 'master.key.wrapped.json';

/** Electron main passes `--config=<file>` when the kiosk was started with one. */
export function parseUtilityArgs(argv: readonly string[]): { configPath?: string } {
  const hit = argv.find((a) => a.startsWith('--config='));
  const configPath = hit?.slice('--config='.length);
  return configPath ? { configPath } : {};
}

export interface RunUtilityDeps {
  port: ParentPortLike;
  argv: readonly string[];
  /** Data folder and files, as main/host/config resolvePaths() gives them (CUNZHAN_DATA_DIR…). */
  paths: Paths;
  startHost: StartHost;
  exit(code: number): void;
  log(line: string): void;
}

/**
 * Runs inside the utilityProcess: starts the service host with the data key wrapped by
 * Electron main, serves the KioskApi over the parent port, says `ready`, and closes the host
 * cleanly when main asks. Any start failure exits non-zero so main restarts it with backoff.
 */
export async function runUtility(deps: RunUtilityDeps): Promise<void> {
  const link = createParentLink(deps.port);
  let stopServing: (() => void) | null = null;
  let host: Awaited<ReturnType<StartHost>> | null = null;
  let shuttingDown = false;

  const closeAndExit = (): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    stopServing?.();
    void (host ? host.close() : Promise.resolve()).then(
      () => deps.exit(0),
      (error: unknown) => {
        deps.log(`host close failed: ${error instanceof Error ? error.message : String(error)}`);
        deps.exit(1);
      },
    );
  };
  link.onShutdown(closeAndExit);
  // 重启终端 (technician): the same clean exit; Electron main's supervisor starts a new host, which
  // reads the devices the wizard saved.
  const onRestartRequested = (): void => {
    deps.log('service host restarting at the technician’s request');
    closeAndExit();
  };

  try {
    const args = parseUtilityArgs(deps.argv);
    const paths = args.configPath ? { ...deps.paths, configFile: args.configPath } : deps.paths;
    // A broken config file is reported by startHost; here it only means no plain keystore.
    const loaded = loadConfig(paths.configFile);
    const keyProvider = new SafeStorageKeyProvider(
      path.join(path.dirname(paths.keyFile), WRAPPED_KEY_FILE),
      link.requestKey,
      paths.keyFile,
      loaded.ok && loaded.config.security.allowPlainKeystore,
    );
    host = await deps.startHost({ paths, keyProvider, onRestartRequested });
    if (shuttingDown) {
      await host.close();
      return;
    }
    stopServing = serveChannel(link.channel, host.dispatch, host.bus);
    deps.log(`service host ready (keystore backend: ${keyProvider.backend ?? 'unknown'})`);
    link.ready();
  } catch (error) {
    // Messages only: errors from the host never carry personal data, but arguments might.
    deps.log(`service host failed to start: ${error instanceof Error ? error.message : String(error)}`);
    const code = (error as { code?: unknown } | null)?.code;
    if (startRefusalCodes.includes(code as StartRefusal)) link.refused(code as StartRefusal);
    deps.exit(1);
  }
}
