import path from 'node:path';
import type { Dispatch } from '../../host/dispatcher';
import type { EventBus } from '../../host/event-bus';
import { serveChannel } from '../../host/transports/channel-server';
import { SafeStorageKeyProvider, type DataKeyProvider } from '../keystore/safe-storage-key-provider';
import { createParentLink, type ParentPortLike } from './parent-link';

/** The service host's entry point (main/host/host.ts), as the utility process uses it. */
export type StartHost = (options: { configPath?: string; keyProvider?: 'file' | DataKeyProvider }) => Promise<{
  dispatch: Dispatch;
  bus: EventBus;
  close(): Promise<void>;
}>;

export interface UtilityArgs {
  userDataDir: string;
  configPath?: string;
}

export const WRAPPED_KEY_FILE = 'data-key.wrapped.json';

/** Arguments Electron main passes to utilityProcess.fork: `--user-data=<dir> [--config=<file>]`. */
export function parseUtilityArgs(argv: readonly string[]): UtilityArgs {
  let userDataDir: string | undefined;
  let configPath: string | undefined;
  for (const arg of argv) {
    if (arg.startsWith('--user-data=')) userDataDir = arg.slice('--user-data='.length);
    else if (arg.startsWith('--config=')) configPath = arg.slice('--config='.length);
  }
  if (!userDataDir) throw new Error('utility process started without --user-data=<dir>');
  return configPath ? { userDataDir, configPath } : { userDataDir };
}

export interface RunUtilityDeps {
  port: ParentPortLike;
  argv: readonly string[];
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

  link.onShutdown(() => {
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
  });

  try {
    const args = parseUtilityArgs(deps.argv);
    const keyProvider = new SafeStorageKeyProvider(path.join(args.userDataDir, WRAPPED_KEY_FILE), link.requestKey);
    host = await deps.startHost(args.configPath ? { configPath: args.configPath, keyProvider } : { keyProvider });
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
    deps.exit(1);
  }
}
