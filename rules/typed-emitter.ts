/**
 * The project's one typed event emitter (drivers, sync). Listener errors are isolated so that one
 * faulty subscriber (a UI bridge, a logger) can never break a driver's read loop or the sync
 * engine; by default they are rethrown on a microtask, where the process's error handling sees them.
 *
 * Pure (rules/): no node:events; `queueMicrotask` is a standard global of every JS host.
 */
export type Listener<T> = (value: T) => void;

export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(
    onListenerError: (error: unknown) => void = (e) =>
      queueMicrotask(() => {
        throw e;
      }),
  ) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(value);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  listenerCount<K extends keyof Events>(event: K): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
