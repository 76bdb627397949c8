import { isTopicName, topics, type TopicName, type TopicPayload } from '../contract/events';

type AnyListener = (topic: TopicName, payload: unknown) => void;

/** Host-side publisher of contract events; every payload is checked against its topic schema. */
export class EventBus {
  readonly #listeners = new Set<AnyListener>();

  publish<T extends TopicName>(topic: T, payload: TopicPayload<T>): void {
    const checked = topics[topic].parse(payload);
    for (const listener of [...this.#listeners]) {
      try {
        listener(topic, checked);
      } catch {
        // A broken transport connection must not stop delivery to the others.
      }
    }
  }

  subscribeAll(listener: AnyListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  static isTopic(name: unknown): name is TopicName {
    return isTopicName(name);
  }
}
