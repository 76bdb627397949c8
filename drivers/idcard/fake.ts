import { err, type Failure } from '../../rules/result';
import type { DeviceStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { IdCardSource, IdCardSourceEvents, IdentityCard } from './identity';

/**
 * Behavioural fake for unit and UI tests: a test (or the demo panel) places and removes cards and
 * injects faults. It keeps the real driver's promise: one `card` event per placement.
 */
export class FakeIdCardReader implements IdCardSource {
  readonly #events = new TypedEmitter<IdCardSourceEvents>();
  #status: DeviceStatus = { state: 'disconnected' };
  #onReader: IdentityCard | null = null;

  get status(): DeviceStatus {
    return this.#status;
  }

  get cardOnReader(): IdentityCard | null {
    return this.#onReader;
  }

  on<K extends keyof IdCardSourceEvents>(event: K, listener: (value: IdCardSourceEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    this.#setStatus({ state: 'ready' });
  }

  async stop(): Promise<void> {
    this.#setStatus({ state: 'disconnected' });
  }

  placeCard(card: IdentityCard): void {
    if (this.#status.state !== 'ready') return;
    if (this.#onReader) this.removeCard();
    this.#onReader = card;
    this.#events.emit('card', card);
  }

  removeCard(): void {
    if (!this.#onReader) return;
    this.#onReader = null;
    this.#events.emit('removed', undefined);
  }

  failRead(failure: Failure = err('card_read_failed', '读卡失败，请把身份证重新放好').error): void {
    this.#events.emit('readError', failure);
  }

  setStatus(status: DeviceStatus): void {
    this.#setStatus(status);
  }

  #setStatus(status: DeviceStatus): void {
    this.#status = status;
    this.#events.emit('status', status);
  }
}
