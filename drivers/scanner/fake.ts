import type { DeviceStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import { payloadFromBytes, payloadFromText } from './payload';
import { sampleCode } from './samples';
import type { ScanSource, ScanSourceEvents } from './scan-source';

/** Behavioural fake: a test or the demo panel "scans" a code. Codes go through the real payload pipeline. */
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
    this.#setStatus({ state: 'ready' });
  }

  async stop(): Promise<void> {
    this.#setStatus({ state: 'disconnected' });
  }

  scan(text: string): void {
    if (this.#status.state !== 'ready') return;
    const payload = payloadFromText(text);
    if (payload.ok)
      this.#events.emit('scan', { source: this.source, text: payload.value.text, encoding: 'text', mode: 'fake' });
  }

  /** Raw bytes, as a HID POS or serial scanner delivers them (UTF-8, else GB18030). */
  scanBytes(bytes: Uint8Array): void {
    if (this.#status.state !== 'ready') return;
    const payload = payloadFromBytes(bytes);
    if (payload.ok)
      this.#events.emit('scan', {
        source: this.source,
        text: payload.value.text,
        encoding: payload.value.encoding,
        mode: 'fake',
      });
  }

  /** One of SAMPLE_CODES by id (demo panel). Returns false for an unknown id. */
  scanSample(id: string): boolean {
    const sample = sampleCode(id);
    if (!sample) return false;
    this.scanBytes(sample.bytes);
    return true;
  }

  /** Simulates unplugging or a fault, for UI tests. */
  setStatus(status: DeviceStatus): void {
    this.#setStatus(status);
  }

  #setStatus(status: DeviceStatus): void {
    this.#status = status;
    this.#events.emit('status', status);
  }
}
