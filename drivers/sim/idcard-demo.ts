import { IdCardReader, type DriverLogger } from '../idcard/driver';
import type { IdCardSource } from '../idcard/identity';
import { IdCardSimulator } from './idcard-simulator';
import { PtyPair } from './pty-pair';
import { SAMPLE_CARDS, type SampleCard } from './sample-cards';

/**
 * The villager journey without hardware (`npm start`): a real IdCardReader on one end of a pty
 * pair, the simulator on the other, so the demo runs the same serial, codec and driver code as a
 * station. The demo panel lists `samples` and calls `place(id)` / `remove()`.
 */
export interface IdCardDemo {
  readonly source: IdCardSource;
  readonly simulator: IdCardSimulator;
  readonly hostPath: string;
  readonly samples: readonly SampleCard[];
  place(sampleId: string): void;
  remove(): void;
  close(): Promise<void>;
}

export async function startIdCardDemo(
  options: { pollIntervalMs?: number; logger?: DriverLogger } = {},
): Promise<IdCardDemo> {
  const pair = await PtyPair.open();
  const simulator = new IdCardSimulator({ pair });
  await simulator.open();
  const reader = new IdCardReader(
    { port: pair.hostPath, pollIntervalMs: options.pollIntervalMs ?? 500 },
    options.logger,
  );
  return {
    source: reader,
    simulator,
    hostPath: pair.hostPath,
    samples: SAMPLE_CARDS,
    place(sampleId) {
      const sample = SAMPLE_CARDS.find((s) => s.id === sampleId);
      if (!sample) throw new RangeError(`unknown sample card ${sampleId}`);
      simulator.placeCard(sample.card);
    },
    remove() {
      simulator.removeCard();
    },
    async close() {
      await reader.stop();
      await simulator.close();
      await pair.close();
    },
  };
}
