import type { Matcher } from './matcher';

let loading: Promise<Matcher> | null = null;

/**
 * The matcher with its templates, loaded on first use: the template module (~420 kB, ~300 kB
 * gzipped) is its own chunk, so villagers who never open the writing pad never load it. Matching
 * runs on the main thread: a few milliseconds per character (npm run bench -- handwriting).
 */
export function loadMatcher(): Promise<Matcher> {
  loading ??= Promise.all([import('./templates.data'), import('./template-codec'), import('./matcher')]).then(
    ([data, codec, matcher]) => matcher.createMatcher(codec.decodeTemplates(data.templateText)),
  );
  // A failed load (e.g. a chunk missing from a broken install) may be retried on the next stroke.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
