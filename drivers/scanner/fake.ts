import type { DeviceStatus } from '../common/status';
import { TypedEmitter } from '../common/typed-emitter';
import type { ScanSource, ScanSourceEvents } from './scan-source';

/** Behavioural fake: a test or the demo panel "scans" a code. */
export class FakeScanner implements ScanSource {
  readonly #events = new TypedEmitter<ScanSourceEvents>();
  #status: DeviceStatus = { state: 'disconnected' };

  constructor(readonly source = 'fake:scanner') {}

  get status(): DeviceStatus {
    return this.#status;
  }

  on<K extends keyof ScanSourceEvents>(event: K, listener: (value: ScanSourceEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    this.#status = { state: 'ready' };
    this.#events.emit('status', this.#status);
  }

  async stop(): Promise<void> {
    this.#status = { state: 'disconnected' };
    this.#events.emit('status', this.#status);
  }

  scan(text: string): void {
    if (this.#status.state !== 'ready') return;
    this.#events.emit('scan', { source: this.source, text });
  }
}
