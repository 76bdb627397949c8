import { speakable } from '../../rules/speakable';
import type { SpeechEngine } from './espeak-engine';
import type { SpeechCache } from './speech-cache';

/** Where the page fetches a rendered prompt (same origin in both transports). */
export const SPEECH_PATH_PREFIX = '/speech/';
export const speechUrl = (key: string): string => `${SPEECH_PATH_PREFIX}${key}.wav`;

export interface PrerenderReport {
  readonly rendered: number;
  readonly cached: number;
  readonly failed: number;
}

/**
 * The host's voice: renders a prompt once (digit runs read one digit at a time, as the page's
 * fallback does), keeps it in the cache, and hands the page a same-origin URL. Two engine runs at
 * most at once (the kiosk has two cores); the same text asked for twice waits for one render.
 * Never logs a text: a spoken masked name is still personal.
 */
export class SpeechService {
  private readonly inflight = new Map<string, Promise<string | null>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly engine: SpeechEngine | null,
    private readonly cache: SpeechCache,
    private readonly maxParallel = 2,
  ) {}

  get available(): boolean {
    return this.engine !== null;
  }

  /** The cache key of the prompt's audio once rendered; null when this terminal cannot speak. */
  prepare(text: string): Promise<string | null> {
    const engine = this.engine;
    if (!engine) return Promise.resolve(null);
    const spoken = speakable(text);
    const key = this.cache.keyOf(engine.voice, spoken);
    if (this.cache.has(key)) return Promise.resolve(key);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const job = this.withSlot(async () => {
      const r = await engine.render(spoken);
      if (!r.ok) return null;
      this.cache.write(key, r.value);
      return key;
    }).finally(() => this.inflight.delete(key));
    this.inflight.set(key, job);
    return job;
  }

  /** Renders every fixed prompt not yet cached, one at a time, so villagers' own prompts go first. */
  async prerender(texts: readonly string[]): Promise<PrerenderReport> {
    let rendered = 0;
    let cached = 0;
    let failed = 0;
    for (const text of new Set(texts)) {
      if (this.stopped) break;
      const engine = this.engine;
      if (!engine) return { rendered, cached, failed: failed + 1 };
      if (this.cache.has(this.cache.keyOf(engine.voice, speakable(text)))) {
        cached += 1;
        continue;
      }
      if ((await this.prepare(text)) === null) failed += 1;
      else rendered += 1;
    }
    return { rendered, cached, failed };
  }

  /** Ends a prerender in progress (the host is closing). */
  stop(): void {
    this.stopped = true;
  }

  read(key: string): Buffer | null {
    return this.cache.read(key);
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxParallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
