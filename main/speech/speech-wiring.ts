import { join } from 'node:path';
import type { Logger } from 'pino';
import { fixedPrompts, type PromptField } from '../../renderer/voice/fixed-prompts';
import type { CatalogService } from '../services/catalog-service';
import { findEspeak } from './espeak-engine';
import { SpeechCache } from './speech-cache';
import { SpeechService } from './speech-service';

/** Bound of the rendered-prompt cache; the fixed prompts of the seed catalogue take about 20 MB of it. */
export const SPEECH_CACHE_MAX_BYTES = 64 * 1024 * 1024;

export function speechCacheDir(dataDir: string): string {
  return join(dataDir, 'speech');
}

/**
 * The host's voice: espeak-ng if installed, the cache in the data folder, and every fixed prompt
 * (the string catalogue's and each asked catalogue field's) rendered in the background at start.
 */
export function wireSpeech(dataDir: string, catalog: CatalogService, logger: Logger): SpeechService {
  const engine = findEspeak();
  const speech = new SpeechService(engine, new SpeechCache(speechCacheDir(dataDir), SPEECH_CACHE_MAX_BYTES));
  if (!engine) {
    logger.warn({ event: 'speech_unavailable' }, 'espeak-ng not found: the page falls back to speechSynthesis');
    return speech;
  }
  const fields: PromptField[] = catalog
    .services()
    .flatMap((s) => catalog.form(s.form_id)?.fields ?? [])
    .filter((f) => !f.prefill);
  const started = Date.now();
  speech
    .prerender(fixedPrompts(fields))
    .then((r) => logger.info({ event: 'speech_prerendered', ...r, ms: Date.now() - started }, 'fixed prompts rendered'))
    .catch((error: unknown) => logger.error({ event: 'speech_prerender_failed', err: error }, 'prerender failed'));
  return speech;
}
