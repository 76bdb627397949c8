import type { Clocks } from '../clock/clock';
import { PlatformClient } from '../client/platform-client';
import { Transport } from '../client/transport';
import type { Identity } from '../enrol/identity';
import type { SyncConfig } from './config';

/**
 * The engine's one connection to the platform: made on first use for the enrolled identity, kept
 * (one keep-alive socket) until closed; a new enrolment closes it so the next request uses the new
 * device id, key and URL.
 */
export class PlatformConnection {
  readonly #config: SyncConfig;
  readonly #clocks: Clocks;
  #transport: Transport | null = null;
  #client: PlatformClient | null = null;

  readonly #platformNowMs: () => number | null;

  /** `platformNowMs`: the platform time we estimate, for the freshness check of answers (protocol 1.1). */
  constructor(config: SyncConfig, clocks: Clocks, platformNowMs: () => number | null) {
    this.#config = config;
    this.#clocks = clocks;
    this.#platformNowMs = platformNowMs;
  }

  clientFor(id: Identity): PlatformClient {
    if (!this.#client) {
      this.#transport = new Transport(
        {
          baseUrl: id.platformUrl,
          ...(this.#config.caCertPath ? { caCertPath: this.#config.caCertPath } : {}),
          connectTimeoutMs: this.#config.connectTimeoutMs,
          progressTimeoutMs: this.#config.progressTimeoutMs,
          deadlineBaseMs: this.#config.deadlineBaseMs,
          deadlineMinBytesPerS: this.#config.deadlineMinBytesPerS,
        },
        this.#clocks.monoNow,
      );
      this.#client = new PlatformClient(
        this.#transport,
        { deviceId: id.deviceId, privateKey: id.privateKey, platformPublicKey: id.platformPublicKey },
        this.#clocks.wallNow,
        this.#platformNowMs,
      );
    }
    return this.#client;
  }

  /** Drops the kept-alive socket (after a timeout), so the next request connects afresh. */
  resetSocket(): void {
    this.#transport?.resetConnection();
  }

  /** null: the configured connect timeout. */
  setConnectTimeoutMs(ms: number | null): void {
    this.#transport?.setConnectTimeoutMs(ms);
  }

  /** Aborts what is in flight (stop: so the loop's current request ends at once). */
  abort(): void {
    this.#transport?.close();
  }

  /** Aborts what is in flight and forgets the client (stop, or a new enrolment). */
  close(): void {
    this.#transport?.close();
    this.#transport = null;
    this.#client = null;
  }
}
